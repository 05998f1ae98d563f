using System.Text.Json;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Npgsql;

namespace Notify.Core.Storage;

/// <summary>
/// The durable deferral schedule (table <c>deferred_notifications</c>): notifications held until a time — their
/// <c>sendAt</c>, the end of the user's quiet hours, the end of a batching window — and released by whichever
/// dispatcher claims them first (<c>FOR UPDATE SKIP LOCKED</c>). Recording is idempotent on the notification id, so a
/// redelivered work message records nothing new.
/// </summary>
public sealed class DeferredSchedule(NpgsqlDataSource dataSource)
{
    private const string EntryColumns = "id, release_at, merged_into, state IN ('pending', 'batched')";

    /// <summary>Holds <paramref name="notification"/> on its own until <paramref name="releaseAt"/>.</summary>
    public async Task<DeferredEntry> DeferAsync(NotificationEnvelope notification, DeferralReason reason, DateTimeOffset releaseAt,
        DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        await using NpgsqlCommand command = dataSource.CreateCommand($"""
            WITH inserted AS (
                INSERT INTO deferred_notifications (id, tenant, reason, release_at, envelope, created_at)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (id) DO NOTHING
                RETURNING {EntryColumns})
            SELECT * FROM inserted
            UNION ALL
            SELECT {EntryColumns} FROM deferred_notifications WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM inserted)
            """);
        command.Parameters.Add(Parameters.Value(notification.Id));
        command.Parameters.Add(Parameters.Value(notification.Tenant));
        command.Parameters.Add(Parameters.Value(reason.ToWire()));
        command.Parameters.Add(Parameters.Time(releaseAt));
        command.Parameters.Add(Parameters.Jsonb(Serialize(notification)));
        command.Parameters.Add(Parameters.Time(now));
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return ReadEntry(reader);
    }

    /// <summary>
    /// Adds <paramref name="notification"/> to the open batch of <paramref name="collapseGroup"/>, or opens one that is
    /// released at <paramref name="releaseAt"/>. Batches of one group are serialised by an advisory lock, and joining
    /// locks the head, so a batch being released is never joined. A batch that already merges
    /// <paramref name="maxMembers"/> updates takes no more: the next one waits on its own until the same time, which
    /// keeps a released batch well inside a message's size limit.
    /// </summary>
    public async Task<DeferredEntry> BatchAsync(NotificationEnvelope notification, string collapseGroup, DeferralReason reason,
        DateTimeOffset releaseAt, DateTimeOffset now, int maxMembers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockGroup = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", connection, transaction))
        {
            lockGroup.Parameters.Add(Parameters.Value(collapseGroup));
            await lockGroup.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        DeferredEntry? existing = await ReadEntryAsync(connection, transaction,
            $"SELECT {EntryColumns} FROM deferred_notifications WHERE id = $1", notification.Id, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
            return existing;

        Guid? head = null;
        DateTimeOffset headRelease = releaseAt;
        long members = 0;
        await using (var open = new NpgsqlCommand("""
            SELECT h.id, h.release_at,
                   (SELECT count(*) FROM deferred_notifications m WHERE m.merged_into = h.id AND m.state = 'batched')
            FROM deferred_notifications h
            WHERE h.collapse_group = $1 AND h.state = 'pending' AND h.merged_into IS NULL
            FOR UPDATE OF h
            """, connection, transaction))
        {
            open.Parameters.Add(Parameters.Value(collapseGroup));
            await using NpgsqlDataReader reader = await open.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                (head, headRelease, members) = (reader.GetGuid(0), reader.GetTime(1), reader.GetInt64(2));
        }
        if (head is not null && members >= maxMembers)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return await DeferAsync(notification, reason, headRelease, now, cancellationToken).ConfigureAwait(false);
        }

        await using (var insert = new NpgsqlCommand("""
            INSERT INTO deferred_notifications (id, tenant, reason, release_at, envelope, collapse_group, merged_into, state, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """, connection, transaction))
        {
            insert.Parameters.Add(Parameters.Value(notification.Id));
            insert.Parameters.Add(Parameters.Value(notification.Tenant));
            insert.Parameters.Add(Parameters.Value(reason.ToWire()));
            insert.Parameters.Add(Parameters.Time(headRelease));
            insert.Parameters.Add(Parameters.Jsonb(Serialize(notification)));
            insert.Parameters.Add(Parameters.Value(collapseGroup));
            insert.Parameters.Add(Parameters.Value(head));
            insert.Parameters.Add(Parameters.Value(head is null ? "pending" : "batched"));
            insert.Parameters.Add(Parameters.Time(now));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new DeferredEntry(notification.Id, headRelease, head, Pending: true);
    }

    /// <summary>
    /// Ends every update still waiting in <paramref name="collapseGroup"/> as superseded by <paramref name="by"/> (a
    /// critical update for the same key, sent at once, makes them obsolete).
    /// </summary>
    /// <returns>The superseded notifications.</returns>
    public async Task<IReadOnlyList<Guid>> SupersedeAsync(string collapseGroup, Guid by, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand("""
            UPDATE deferred_notifications SET state = 'superseded', merged_into = $2, released_at = $3
            WHERE collapse_group = $1 AND state IN ('pending', 'batched') AND cancelled_at IS NULL AND id <> $2
            RETURNING id
            """);
        command.Parameters.Add(Parameters.Value(collapseGroup));
        command.Parameters.Add(Parameters.Value(by));
        command.Parameters.Add(Parameters.Time(now));
        var ids = new List<Guid>();
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            ids.Add(reader.GetGuid(0));
        return ids;
    }

    /// <summary>Marks <paramref name="id"/> cancelled if it still waits; its releaser then drops it.</summary>
    /// <returns>Whether a waiting entry was cancelled.</returns>
    public async Task<bool> CancelAsync(string tenant, Guid id, CancellationToken cancellationToken = default)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand("""
            UPDATE deferred_notifications SET cancelled_at = now()
            WHERE id = $1 AND tenant = $2 AND state IN ('pending', 'batched') AND cancelled_at IS NULL
            """);
        command.Parameters.Add(Parameters.Value(id));
        command.Parameters.Add(Parameters.Value(tenant));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>The earliest release time still pending, or null when nothing waits.</summary>
    public async Task<DateTimeOffset?> NextReleaseAsync(CancellationToken cancellationToken = default)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand("SELECT min(release_at) FROM deferred_notifications WHERE state = 'pending'");
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is DateTime at
            ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc))
            : null;
    }

    /// <summary>
    /// What waits for release, per reason: entries in state <c>pending</c> (a batch's head stands for its members) and
    /// each reason's earliest release time. One pass over the releasers' index of pending entries.
    /// </summary>
    public async Task<IReadOnlyList<DeferredBacklog>> BacklogAsync(CancellationToken cancellationToken = default)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand("""
            SELECT reason, count(*), min(release_at) FROM deferred_notifications WHERE state = 'pending' GROUP BY reason
            """);
        var backlog = new List<DeferredBacklog>();
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            backlog.Add(new DeferredBacklog(ParseReason(reader.GetString(0)), reader.GetInt64(1), reader.GetTime(2)));
        return backlog;
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> entries due at <paramref name="now"/> (skipping those another releaser
    /// holds), hands them to <paramref name="release"/>, and marks them released when it returns — in that order and in
    /// one transaction: a crash in between leaves them pending, so they are released again (at most twice), never lost.
    /// </summary>
    /// <returns>How many heads were claimed.</returns>
    public async Task<int> ReleaseDueAsync(DateTimeOffset now, int limit, Func<IReadOnlyList<DueRelease>, CancellationToken, Task> release,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(release);
        await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        var heads = new List<(Guid Id, string Tenant, string Reason, NotificationEnvelope Envelope, bool Cancelled, bool Batch)>();
        await using (var due = new NpgsqlCommand("""
            SELECT id, tenant, reason, envelope, cancelled_at IS NOT NULL, collapse_group IS NOT NULL
            FROM deferred_notifications
            WHERE state = 'pending' AND release_at <= $1
            ORDER BY release_at
            LIMIT $2
            FOR UPDATE SKIP LOCKED
            """, connection, transaction))
        {
            due.Parameters.Add(Parameters.Time(now));
            due.Parameters.Add(Parameters.Value(limit));
            await using NpgsqlDataReader reader = await due.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                heads.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2), Deserialize(reader.GetString(3)), reader.GetBoolean(4), reader.GetBoolean(5)));
        }
        if (heads.Count == 0)
            return 0;

        var members = new Dictionary<Guid, List<(NotificationEnvelope, bool)>>();
        var claimed = heads.Select(h => h.Id).ToList();
        Guid[] batchHeads = [.. heads.Where(h => h.Batch).Select(h => h.Id)];
        if (batchHeads.Length > 0)
        {
            await using var batched = new NpgsqlCommand("""
                SELECT id, merged_into, envelope, cancelled_at IS NOT NULL FROM deferred_notifications
                WHERE merged_into = ANY($1) AND state = 'batched'
                ORDER BY created_at, id
                FOR UPDATE
                """, connection, transaction);
            batched.Parameters.Add(Parameters.Value(batchHeads));
            await using NpgsqlDataReader reader = await batched.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                claimed.Add(reader.GetGuid(0));
                Guid head = reader.GetGuid(1);
                if (!members.TryGetValue(head, out var list))
                    members.Add(head, list = []);
                list.Add((Deserialize(reader.GetString(2)), reader.GetBoolean(3)));
            }
        }

        await release([.. heads.Select(h => new DueRelease(h.Id, h.Tenant, ParseReason(h.Reason), h.Envelope, h.Cancelled,
            members.TryGetValue(h.Id, out var m) ? m : []))], cancellationToken).ConfigureAwait(false);

        await using (var mark = new NpgsqlCommand("""
            UPDATE deferred_notifications
            SET state = CASE WHEN cancelled_at IS NULL THEN 'released' ELSE 'cancelled' END, released_at = $2
            WHERE id = ANY($1)
            """, connection, transaction))
        {
            mark.Parameters.Add(Parameters.Value(claimed.ToArray()));
            mark.Parameters.Add(Parameters.Time(now));
            await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return heads.Count;
    }

    private static async Task<DeferredEntry?> ReadEntryAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, Guid id,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(Parameters.Value(id));
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadEntry(reader) : null;
    }

    private static DeferredEntry ReadEntry(NpgsqlDataReader reader) =>
        new(reader.GetGuid(0), reader.GetTime(1), reader.GetGuidOrNull(2), reader.GetBoolean(3));

    private static DeferralReason ParseReason(string wire) => wire switch
    {
        "quiet_hours" => DeferralReason.QuietHours,
        "batching" => DeferralReason.Batching,
        _ => DeferralReason.Scheduled,
    };

    private static string Serialize(NotificationEnvelope notification) =>
        JsonSerializer.Serialize(notification, NotifyJson.Default.NotificationEnvelope);

    private static NotificationEnvelope Deserialize(string json) =>
        JsonSerializer.Deserialize(json, NotifyJson.Default.NotificationEnvelope)
        ?? throw new InvalidOperationException("A deferred notification's envelope is empty.");
}
