namespace Notify.Sandbox.Records;

/// <summary>What <see cref="MessageStore.Accept"/> did with a message.</summary>
/// <param name="Message">The recorded message: the new one, or for a request a receiver deduplicated, the original.</param>
/// <param name="Recorded">True when the message was recorded as delivered.</param>
/// <param name="RepeatedKey">True when its idempotency key had been seen before (and is still kept).</param>
public readonly record struct Acceptance(SandboxMessage Message, bool Recorded, bool RepeatedKey);
