namespace Notify.Sandbox.Records;

/// <summary>How a stand-in answered a request.</summary>
public enum CallOutcome
{
    /// <summary>Accepted and recorded as delivered (for push and SMS, also when its idempotency key repeats).</summary>
    Accepted,
    /// <summary>A repeated <c>webhook-id</c>: the receiver answered as for the original and recorded nothing.</summary>
    Duplicate,
    /// <summary>Refused as the provider would: credentials, validation, a magic number or token.</summary>
    Rejected,
    /// <summary>Answered by an injected fault.</summary>
    Faulted,
    /// <summary>The caller gave up while an injected latency elapsed.</summary>
    Cancelled,
    /// <summary>An FCM <c>validate_only</c> request that passed: answered with success, nothing sent or recorded.</summary>
    Validated,
}
