namespace Notify.Sandbox.Records;

/// <summary>What a stand-in does with a request whose idempotency key it has seen before.</summary>
public enum KeyHandling
{
    /// <summary>
    /// Delivers it again, as the provider does when its API has no idempotency key (FCM HTTP v1, Twilio's Messages
    /// API): the repeat is recorded as another message and only counted as a duplicate.
    /// </summary>
    Deliver,

    /// <summary>Answers the original and records nothing, as a Standard Webhooks receiver deduplicating on <c>webhook-id</c> does.</summary>
    Deduplicate,
}
