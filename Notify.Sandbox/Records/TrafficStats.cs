using Microsoft.Extensions.Options;
using Notify.Core.Notifications;

namespace Notify.Sandbox.Records;

/// <summary>
/// Counts every request to the stand-ins by channel and outcome, and the accepted ones whose idempotency key repeated
/// (push and SMS deliver them again). Totals are exact; counts for one user come from
/// the last <see cref="SandboxOptions.Capacity"/> requests that named a user, so memory stays bounded however many
/// users a load test invents.
/// </summary>
public sealed class TrafficStats(IOptions<SandboxOptions> options)
{
    private static readonly int OutcomeCount = Enum.GetValues<CallOutcome>().Length;

    // Each channel's row: a count per outcome, then the accepted requests whose key repeated.
    private static readonly int RowLength = OutcomeCount + 1;

    private readonly int _capacity = options.Value.Capacity;
    private readonly long[] _totals = new long[Channels.All.Count * RowLength];
    private readonly Lock _gate = new();
    private readonly Queue<UserOutcome> _byUser = new();

    /// <summary>Counts one answered request; <paramref name="repeatedKey"/> when it carried an idempotency key seen before.</summary>
    public void Record(ProviderCall call, CallOutcome outcome, bool repeatedKey = false)
    {
        bool deliveredAgain = repeatedKey && outcome == CallOutcome.Accepted;
        Interlocked.Increment(ref _totals[Index(call.Channel, outcome)]);
        if (deliveredAgain)
        {
            Interlocked.Increment(ref _totals[RepeatedIndex(call.Channel)]);
        }

        if (call.UserId is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_byUser.Count == _capacity)
            {
                _byUser.Dequeue();
            }

            _byUser.Enqueue(new UserOutcome(call.Channel, call.UserId, outcome, deliveredAgain));
        }
    }

    /// <summary>The counts, for all traffic or for <paramref name="userId"/>'s.</summary>
    public TrafficReport Report(string? userId)
    {
        long[] counts = userId is null ? ReadTotals() : CountFor(userId);
        var channels = new Dictionary<Channel, TrafficCounts>();
        var total = new long[RowLength];
        foreach (Channel channel in SandboxChannels.All)
        {
            ReadOnlySpan<long> row = counts.AsSpan((int)channel * RowLength, RowLength);
            channels[channel] = TrafficCounts.From(row[..OutcomeCount], row[OutcomeCount]);
            for (var i = 0; i < RowLength; i++)
            {
                total[i] += row[i];
            }
        }

        return new TrafficReport(userId, TrafficCounts.From(total.AsSpan(0, OutcomeCount), total[OutcomeCount]), channels);
    }

    /// <summary>Sets every count back to zero.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _byUser.Clear();
            for (var i = 0; i < _totals.Length; i++)
            {
                Interlocked.Exchange(ref _totals[i], 0);
            }
        }
    }

    private long[] ReadTotals()
    {
        var counts = new long[_totals.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = Interlocked.Read(ref _totals[i]);
        }

        return counts;
    }

    private long[] CountFor(string userId)
    {
        var counts = new long[_totals.Length];
        lock (_gate)
        {
            foreach (UserOutcome entry in _byUser)
            {
                if (entry.UserId == userId)
                {
                    counts[Index(entry.Channel, entry.Outcome)]++;
                    if (entry.DeliveredAgain)
                    {
                        counts[RepeatedIndex(entry.Channel)]++;
                    }
                }
            }
        }

        return counts;
    }

    private static int Index(Channel channel, CallOutcome outcome) => ((int)channel * RowLength) + (int)outcome;

    private static int RepeatedIndex(Channel channel) => ((int)channel * RowLength) + OutcomeCount;

    private readonly record struct UserOutcome(Channel Channel, string UserId, CallOutcome Outcome, bool DeliveredAgain);
}
