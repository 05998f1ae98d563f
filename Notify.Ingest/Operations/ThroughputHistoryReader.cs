using System.Collections.Concurrent;
using Notify.Core.Notifications;
using Notify.Core.Status;
using Notify.Core.Storage;
using Npgsql;

namespace Notify.Ingest.Operations;

/// <summary>
/// A tenant's <see cref="ThroughputHistory"/>, counted from the recorded delivery events without rescanning the hour on
/// every update: a count keeps the minutes it read, and the next one recounts only from <see cref="RecountMinutes"/>
/// before the previous count (statuses are recorded a few seconds after they happen, so recent minutes still grow) and
/// takes the older minutes as they were. The whole hour is recounted at least every <see cref="FullRecountEvery"/>, so
/// statuses recorded late (after a PostgreSQL outage, say) show within that time. Callers of one tenant share the
/// counts: a caller gets the last count if it started after <c>freshAfter</c>, else waits for a new one.
/// </summary>
public sealed partial class ThroughputHistoryReader(DeliveryCounts counts, TimeProvider time, ILogger<ThroughputHistoryReader> logger)
{
    /// <summary>Minutes of history, the current one included.</summary>
    public const int Minutes = 60;

    /// <summary>Minutes recounted on every update, before the minute of the previous count.</summary>
    public const int RecountMinutes = 2;

    /// <summary>How long counted minutes are trusted before the whole hour is counted again.</summary>
    public static readonly TimeSpan FullRecountEvery = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, TenantCounts> _tenants = new(StringComparer.Ordinal);

    /// <summary>The history of <paramref name="tenant"/> as counted after <paramref name="freshAfter"/>; null when PostgreSQL is unreachable.</summary>
    public async Task<ThroughputHistory?> ReadAsync(string tenant, DateTimeOffset freshAfter, CancellationToken cancellationToken)
    {
        var state = _tenants.GetOrAdd(tenant, _ => new TenantCounts());
        await state.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (state.Latest is { } latest && state.CountedAt >= freshAfter)
                return latest;
            var now = time.GetUtcNow();
            var from = MinuteOf(now).AddMinutes(-(Minutes - 1));
            var recountFrom = state.Rows is null || now - state.FullCountAt >= FullRecountEvery
                ? from
                : MinuteOf(state.CountedAt).AddMinutes(-RecountMinutes);
            if (recountFrom < from)
                recountFrom = from;

            var recounted = await counts.SinceAsync(tenant, recountFrom, cancellationToken).ConfigureAwait(false);
            List<DeliveryCount> rows = [.. (state.Rows ?? []).Where(r => r.Minute >= from && r.Minute < recountFrom), .. recounted];
            state.Rows = rows;
            if (recountFrom == from)
                state.FullCountAt = now;
            state.CountedAt = now;
            state.Latest = Shape(from, rows);
            return state.Latest;
        }
        catch (NpgsqlException ex)
        {
            LogUnavailable(logger, ex.Message);
            return null;
        }
        finally
        {
            state.Gate.Release();
        }
    }

    private static DateTimeOffset MinuteOf(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);

    private static ThroughputHistory Shape(DateTimeOffset from, List<DeliveryCount> rows) =>
        new(from, Minutes, [.. rows.GroupBy(r => (r.Priority, r.Channel))
            .OrderBy(g => g.Key.Priority ?? (Priority)int.MaxValue).ThenBy(g => g.Key.Channel ?? (Channel)int.MaxValue)
            .Select(g => new ThroughputSeries(g.Key.Priority?.ToWire() ?? "unknown", g.Key.Channel?.ToWire() ?? "none",
                PerMinute(from, g, StatusKind.Sent), PerMinute(from, g, StatusKind.Retrying), PerMinute(from, g, StatusKind.Failed),
                PerMinute(from, g, StatusKind.DeadLettered)))]);

    private static long[] PerMinute(DateTimeOffset from, IEnumerable<DeliveryCount> rows, StatusKind kind)
    {
        var minutes = new long[Minutes];
        foreach (var row in rows.Where(r => r.Kind == kind))
        {
            var index = (int)((row.Minute - from).Ticks / TimeSpan.TicksPerMinute);
            if (index is >= 0 and < Minutes)
                minutes[index] += row.Count;
        }
        return minutes;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Throughput history unavailable: {Error}")]
    private static partial void LogUnavailable(ILogger logger, string error);

    private sealed class TenantCounts
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public List<DeliveryCount>? Rows { get; set; }
        public DateTimeOffset CountedAt { get; set; }
        public DateTimeOffset FullCountAt { get; set; }
        public ThroughputHistory? Latest { get; set; }
    }
}
