namespace Notify.Sandbox.Records;

/// <summary>How a stand-in answered a request.</summary>
public enum CallOutcome
{
    /// <summary>Accepted and recorded.</summary>
    Accepted,
    /// <summary>A repeated idempotency key (or <c>webhook-id</c>): answered with the original, not recorded again.</summary>
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
