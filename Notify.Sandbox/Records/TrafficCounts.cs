namespace Notify.Sandbox.Records;

/// <summary>
/// Requests to a stand-in by outcome; <see cref="Requests"/> is the sum of the outcomes. <see cref="Duplicates"/>
/// counts the requests that repeated an idempotency key: for push and SMS they are delivered again and are among
/// <see cref="Accepted"/> (FCM and Twilio's Messages API have no idempotency key); for webhooks the receiver
/// deduplicated them on <c>webhook-id</c> and they are not.
/// </summary>
public sealed record TrafficCounts(long Requests, long Accepted, long Duplicates, long Rejected, long Faulted, long Cancelled, long Validated)
{
    /// <summary>Counts from an array indexed by <see cref="CallOutcome"/>, and the accepted requests whose key repeated.</summary>
    public static TrafficCounts From(ReadOnlySpan<long> byOutcome, long deliveredAgain)
    {
        long total = 0;
        foreach (long count in byOutcome)
        {
            total += count;
        }

        return new TrafficCounts(
            total,
            byOutcome[(int)CallOutcome.Accepted],
            byOutcome[(int)CallOutcome.Duplicate] + deliveredAgain,
            byOutcome[(int)CallOutcome.Rejected],
            byOutcome[(int)CallOutcome.Faulted],
            byOutcome[(int)CallOutcome.Cancelled],
            byOutcome[(int)CallOutcome.Validated]);
    }
}
