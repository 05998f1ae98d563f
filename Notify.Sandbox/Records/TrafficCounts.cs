namespace Notify.Sandbox.Records;

/// <summary>Requests to a stand-in by outcome; <see cref="Requests"/> is their sum.</summary>
public sealed record TrafficCounts(long Requests, long Accepted, long Duplicates, long Rejected, long Faulted, long Cancelled, long Validated)
{
    /// <summary>Counts from an array indexed by <see cref="CallOutcome"/>.</summary>
    public static TrafficCounts From(ReadOnlySpan<long> byOutcome)
    {
        long total = 0;
        foreach (long count in byOutcome)
        {
            total += count;
        }

        return new TrafficCounts(
            total,
            byOutcome[(int)CallOutcome.Accepted],
            byOutcome[(int)CallOutcome.Duplicate],
            byOutcome[(int)CallOutcome.Rejected],
            byOutcome[(int)CallOutcome.Faulted],
            byOutcome[(int)CallOutcome.Cancelled],
            byOutcome[(int)CallOutcome.Validated]);
    }
}
