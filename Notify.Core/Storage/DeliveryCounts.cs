using Notify.Core.Status;
using Npgsql;

namespace Notify.Core.Storage;

/// <summary>
/// A tenant's recent sends and failures, counted per minute, channel and priority from the recorded delivery events:
/// what providers accepted or refused, as the status writers recorded it (a few seconds behind the dispatchers).
/// </summary>
public sealed class DeliveryCounts(NpgsqlDataSource dataSource)
{
    /// <summary>The kinds counted: <c>sent</c>, <c>retrying</c>, <c>failed</c>, <c>dead_lettered</c>.</summary>
    public static readonly IReadOnlyList<StatusKind> Kinds = [StatusKind.Sent, StatusKind.Retrying, StatusKind.Failed, StatusKind.DeadLettered];

    /// <summary>Counts of <paramref name="tenant"/>'s events at or after <paramref name="since"/>, oldest minute first.</summary>
    public async Task<IReadOnlyList<DeliveryCount>> SinceAsync(string tenant, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand("""
            SELECT date_trunc('minute', e.at), e.channel, n.priority, e.kind, count(*)
            FROM delivery_events e
            JOIN notifications n ON n.id = e.notification_id
            WHERE e.at >= $2 AND n.tenant = $1 AND e.kind = ANY ($3)
            GROUP BY 1, 2, 3, 4
            ORDER BY 1
            """);
        command.Parameters.Add(Parameters.Value(tenant));
        command.Parameters.Add(Parameters.Time(since));
        command.Parameters.Add(Parameters.Value(Kinds.Select(k => k.ToWire()).ToArray()));
        var counts = new List<DeliveryCount>();
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            string? channel = reader.GetStringOrNull(1);
            string? priority = reader.GetStringOrNull(2);
            counts.Add(new DeliveryCount(reader.GetTime(0), channel is null ? null : WireNames.Channel(channel),
                priority is null ? null : WireNames.Priority(priority), WireNames.Kind(reader.GetString(3)), reader.GetInt64(4)));
        }
        return counts;
    }
}
