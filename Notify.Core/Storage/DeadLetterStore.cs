using System.Text.Json;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Npgsql;

namespace Notify.Core.Storage;

/// <summary>The dead-letter queue as operators see it: recorded by the dispatcher, listed, inspected and replayed.</summary>
public sealed class DeadLetterStore(NpgsqlDataSource dataSource)
{
    /// <summary>The largest page <see cref="ListAsync"/> returns.</summary>
    public const int MaxPageSize = 200;

    private const string Columns = """
        id, envelope, reason, deliveries, stream, stream_seq, created_at, channel, error, replayed_at, replay_count
        """;

    /// <summary>
    /// Records <paramref name="deadLetter"/>. Recording the same stream message (same stream, sequence, notification and
    /// channel) again, as a dispatcher restarted mid-way does, changes nothing.
    /// </summary>
    /// <returns>True when recorded now, false when it was recorded before.</returns>
    public async Task<bool> RecordAsync(DeadLetter deadLetter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);
        await using NpgsqlCommand command = dataSource.CreateCommand("""
            INSERT INTO dead_letters (id, notification_id, tenant, priority, channel, reason, error, envelope, deliveries,
                                      stream, stream_seq, created_at, replayed_at, replay_count)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            ON CONFLICT DO NOTHING
            """);
        command.Parameters.Add(Parameters.Value(deadLetter.Id));
        command.Parameters.Add(Parameters.Value(deadLetter.NotificationId));
        command.Parameters.Add(Parameters.Value(deadLetter.Tenant));
        command.Parameters.Add(Parameters.Value(deadLetter.Priority.ToWire()));
        command.Parameters.Add(Parameters.Text(deadLetter.Channel?.ToWire()));
        command.Parameters.Add(Parameters.Value(deadLetter.Reason));
        command.Parameters.Add(Parameters.Text(deadLetter.Error));
        command.Parameters.Add(Parameters.Jsonb(JsonSerializer.Serialize(deadLetter.Envelope, NotifyJson.Default.NotificationEnvelope)));
        command.Parameters.Add(Parameters.Value(deadLetter.Deliveries));
        command.Parameters.Add(Parameters.Value(deadLetter.Stream));
        command.Parameters.Add(Parameters.Value(deadLetter.StreamSeq));
        command.Parameters.Add(Parameters.Time(deadLetter.CreatedAt));
        command.Parameters.Add(Parameters.Time(deadLetter.ReplayedAt));
        command.Parameters.Add(Parameters.Value(deadLetter.ReplayCount));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>A tenant's dead letters, newest first.</summary>
    /// <param name="tenant">Tenant.</param>
    /// <param name="priority">Only this priority; null for all.</param>
    /// <param name="limit">Page size (1 to <see cref="MaxPageSize"/>).</param>
    /// <param name="after">Where the previous page ended; null for the first page.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<Page<DeadLetter>> ListAsync(string tenant, Priority? priority = null, int limit = 50, PageCursor? after = null,
        CancellationToken cancellationToken = default)
    {
        int rows = Parameters.PageLimit(limit, MaxPageSize);
        await using NpgsqlCommand command = dataSource.CreateCommand();
        command.Parameters.Add(Parameters.Value(tenant));
        command.Parameters.Add(Parameters.Value(rows));
        string where = "tenant = $1";
        if (priority is { } p)
        {
            command.Parameters.Add(Parameters.Value(p.ToWire()));
            where += $" AND priority = ${command.Parameters.Count}";
        }

        if (after is { } cursor)
        {
            command.Parameters.Add(Parameters.Time(cursor.At));
            command.Parameters.Add(Parameters.Value(cursor.Id));
            where += $" AND (created_at, id) < (${command.Parameters.Count - 1}, ${command.Parameters.Count})";
        }

        command.CommandText = $"SELECT {Columns} FROM dead_letters WHERE {where} ORDER BY created_at DESC, id DESC LIMIT $2";

        var items = new List<DeadLetter>(rows);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            items.Add(Read(reader));
        return Paging.ToPage(items, rows, d => new PageCursor(d.CreatedAt, d.Id));
    }

    /// <summary>One dead letter of <paramref name="tenant"/>, or null.</summary>
    public async Task<DeadLetter?> GetAsync(string tenant, Guid id, CancellationToken cancellationToken = default)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand($"SELECT {Columns} FROM dead_letters WHERE id = $1 AND tenant = $2");
        command.Parameters.Add(Parameters.Value(id));
        command.Parameters.Add(Parameters.Value(tenant));
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    /// <summary>Notes that an operator replayed it now (counting replays); returns it as updated, or null when there is no such dead letter.</summary>
    public async Task<DeadLetter?> MarkReplayedAsync(string tenant, Guid id, CancellationToken cancellationToken = default)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand($"""
            UPDATE dead_letters SET replayed_at = now(), replay_count = replay_count + 1
            WHERE id = $1 AND tenant = $2
            RETURNING {Columns}
            """);
        command.Parameters.Add(Parameters.Value(id));
        command.Parameters.Add(Parameters.Value(tenant));
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    private static DeadLetter Read(NpgsqlDataReader r)
    {
        NotificationEnvelope envelope = JsonSerializer.Deserialize(r.GetString(1), NotifyJson.Default.NotificationEnvelope)
                                        ?? throw new InvalidDataException("A dead letter's envelope is null.");
        return new DeadLetter(r.GetGuid(0), envelope, r.GetString(2), r.GetInt32(3), r.GetString(4), r.GetInt64(5), r.GetTime(6))
        {
            Channel = r.GetStringOrNull(7) is { } channel ? WireNames.Channel(channel) : null,
            Error = r.GetStringOrNull(8),
            ReplayedAt = r.GetTimeOrNull(9),
            ReplayCount = r.GetInt32(10),
        };
    }
}
