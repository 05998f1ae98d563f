namespace Notify.Sandbox.Records;

/// <summary>What <see cref="MessageStore.Accept"/> did with a message.</summary>
/// <param name="Message">The recorded message: the new one, or for a duplicate the original.</param>
/// <param name="IsDuplicate">True when the idempotency key had been seen: nothing new was recorded.</param>
public readonly record struct Acceptance(SandboxMessage Message, bool IsDuplicate);
