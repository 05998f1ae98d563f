using System.Collections.Concurrent;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Core.Status;
using Notify.Core.Storage;
using Notify.Ingest.Messaging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Npgsql;

namespace Notify.Ingest.Operations;

/// <summary>
/// Gathers the <see cref="OpsSummary"/>. Throughput comes from the delivery events PostgreSQL already records for the
/// timelines (one indexed range read per call, confined to the tenant, and correct across dispatcher restarts and
/// replicas, which in-process counters are not), the hour per minute from the <see cref="ThroughputHistoryReader"/>;
/// the backlog from the consumers' info (four JetStream API calls); circuits from the <see cref="CircuitBoard"/>. The
/// sources are read in parallel; each may fail alone. The counts scan every event of the window (about a second for
/// 300,000 events on two busy cores), so a count is shared by every console of a tenant that asks for one no older
/// than it (<c>freshAfter</c>; by default <see cref="CountsFreshFor"/>): the database sees one count per tenant and
/// window at most that often, however many engineers watch.
/// </summary>
public sealed partial class OpsSummaryReader(DeliveryCounts counts, ThroughputHistoryReader history, INatsJSContext js, PriorityPolicyStore policies,
    CircuitBoard circuits, TimeProvider time, ILogger<OpsSummaryReader> logger)
{
    /// <summary>The widest window accepted, in minutes.</summary>
    public const int MaxMinutes = 60;

    /// <summary>How long one count of a tenant's window serves every caller.</summary>
    public static readonly TimeSpan CountsFreshFor = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<(string Tenant, int Minutes), (DateTimeOffset At, Task<IReadOnlyList<DeliveryCount>?> Rows)> _recent = new();

    /// <summary>
    /// The summary of <paramref name="tenant"/> over the last <paramref name="minutes"/>, with counts made after
    /// <paramref name="freshAfter"/> (by default, at most <see cref="CountsFreshFor"/> ago).
    /// </summary>
    public async Task<OpsSummary> ReadAsync(string tenant, int minutes, CancellationToken cancellationToken, DateTimeOffset? freshAfter = null)
    {
        var now = time.GetUtcNow();
        var countedAfter = freshAfter ?? now - CountsFreshFor;
        var throughput = RecentCountsAsync(tenant, minutes, now, countedAfter).WaitAsync(cancellationToken);
        var perMinute = history.ReadAsync(tenant, countedAfter, cancellationToken);
        var pending = PendingAsync(cancellationToken);
        await Task.WhenAll(throughput, perMinute, pending).ConfigureAwait(false);

        List<string> unavailable = [];
        if (throughput.Result is null || perMinute.Result is null)
            unavailable.Add("storage");
        if (pending.Result is null)
            unavailable.Add("queue");
        var rows = throughput.Result;
        return new OpsSummary(now, minutes, rows is null ? null : ByChannel(rows), perMinute.Result, pending.Result,
            circuits.Worst(), circuits.Replicas, unavailable);
    }

    private Task<IReadOnlyList<DeliveryCount>?> RecentCountsAsync(string tenant, int minutes, DateTimeOffset now, DateTimeOffset countedAfter)
    {
        var key = (tenant, minutes);
        if (_recent.TryGetValue(key, out var recent) && recent.At >= countedAfter && now - recent.At < CountsFreshFor && !recent.Rows.IsFaulted
            && !(recent.Rows.IsCompletedSuccessfully && recent.Rows.Result is null))
            return recent.Rows;
        if (_recent.Count > 1000)
        {
            foreach (var stale in _recent.Where(r => now - r.Value.At >= CountsFreshFor))
                _recent.TryRemove(stale);
        }
        // Not cancelled by the caller that started it: other callers may wait for the same count.
        var rows = ThroughputAsync(tenant, now.AddMinutes(-minutes), CancellationToken.None);
        _recent[key] = (now, rows);
        return rows;
    }

    private async Task<IReadOnlyList<DeliveryCount>?> ThroughputAsync(string tenant, DateTimeOffset since, CancellationToken cancellationToken)
    {
        try
        {
            return await counts.SinceAsync(tenant, since, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            LogUnavailable(logger, "storage", ex.Message);
            return null;
        }
    }

    private async Task<IReadOnlyList<PriorityPending>?> PendingAsync(CancellationToken cancellationToken)
    {
        try
        {
            NatsOutage.ThrowIfDown(js.Connection);
            var policy = await policies.GetAsync(cancellationToken).ConfigureAwait(false);
            var infos = await Task.WhenAll(Priorities.All.Select(async p =>
            {
                try
                {
                    var consumer = await js.GetConsumerAsync(Subjects.Stream(p), Subjects.DispatchConsumer, cancellationToken).ConfigureAwait(false);
                    return new PriorityPending(p.ToWire(), (long)consumer.Info.NumPending, consumer.Info.NumAckPending, policy.Policy.IsPaused(p));
                }
                catch (NatsJSApiException ex) when (ex.Error.ErrCode == 10014)
                {
                    // No dispatcher has created the consumer yet: what waits is the whole stream.
                    var stream = await js.GetStreamAsync(Subjects.Stream(p), cancellationToken: cancellationToken).ConfigureAwait(false);
                    return new PriorityPending(p.ToWire(), stream.Info.State.Messages, 0, policy.Policy.IsPaused(p));
                }
            })).ConfigureAwait(false);
            return infos;
        }
        catch (NatsException ex)
        {
            LogUnavailable(logger, "queue", ex.Message);
            return null;
        }
    }

    private static List<ChannelThroughput> ByChannel(IReadOnlyList<DeliveryCount> rows) =>
        [.. rows.GroupBy(r => (r.Channel, r.Priority))
            .OrderBy(g => g.Key.Priority ?? (Priority)int.MaxValue).ThenBy(g => g.Key.Channel ?? (Channel)int.MaxValue)
            .Select(g => new ChannelThroughput(g.Key.Channel?.ToWire() ?? "none", g.Key.Priority?.ToWire() ?? "unknown",
                Sum(g, StatusKind.Sent), Sum(g, StatusKind.Retrying), Sum(g, StatusKind.Failed), Sum(g, StatusKind.DeadLettered)))];

    private static long Sum(IEnumerable<DeliveryCount> rows, StatusKind kind) => rows.Where(r => r.Kind == kind).Sum(r => r.Count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ops summary without {Source}: {Error}")]
    private static partial void LogUnavailable(ILogger logger, string source, string error);
}
