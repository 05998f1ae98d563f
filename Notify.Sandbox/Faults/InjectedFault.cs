namespace Notify.Sandbox.Faults;

/// <summary>An error a fault makes a stand-in answer instead of its own work.</summary>
/// <param name="StatusCode">The HTTP status; the stand-in writes its provider's error body for it.</param>
/// <param name="RetryAfter">Sent as <c>Retry-After</c> when set.</param>
public sealed record InjectedFault(int StatusCode, TimeSpan? RetryAfter)
{
    /// <summary>The caller gave up during an injected latency; the answer only completes the exchange (nginx's 499).</summary>
    public static readonly InjectedFault ClientClosedRequest = new(499, null);
}
