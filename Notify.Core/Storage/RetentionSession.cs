using Npgsql;

namespace Notify.Core.Storage;

/// <summary>
/// The retention lock, held, and the deletes made under it. Each method deletes at most <c>limit</c> rows of its kind
/// (a notification counts with its deliveries and events as one) in one statement and transaction, oldest condition
/// first; the caller repeats it until a batch comes back short.
/// </summary>
public sealed class RetentionSession : IAsyncDisposable
{
    // Children go before their parent in the same statement (the foreign keys would cascade, but this counts them).
    // The parents are locked first, as the status writers lock them, and rows a writer holds now are left for later:
    // the write makes them recent again anyway. A notification that still waits in the deferral schedule is kept
    // whatever its age, and so is one whose status changed within the age.
    private const string DeleteNotifications = """
        WITH doomed AS (
            SELECT id FROM notifications n
            WHERE accepted_at < $1 AND updated_at < $1
              AND NOT EXISTS (SELECT 1 FROM deferred_notifications d WHERE d.id = n.id AND d.state IN ('pending', 'batched'))
            LIMIT $2
            FOR UPDATE SKIP LOCKED),
        gone_events AS (DELETE FROM delivery_events WHERE notification_id IN (SELECT id FROM doomed) RETURNING 1),
        gone_deliveries AS (DELETE FROM deliveries WHERE notification_id IN (SELECT id FROM doomed) RETURNING 1),
        gone_notifications AS (DELETE FROM notifications WHERE id IN (SELECT id FROM doomed) RETURNING 1)
        SELECT (SELECT count(*) FROM gone_notifications), (SELECT count(*) FROM gone_deliveries), (SELECT count(*) FROM gone_events)
        """;

    private const string DeleteInboxMessages = """
        DELETE FROM inbox_messages WHERE id IN (SELECT id FROM inbox_messages WHERE created_at < $1 LIMIT $2)
        """;

    // A dead letter an operator replayed within the age stays: its replay is recent history.
    private const string DeleteDeadLetters = """
        DELETE FROM dead_letters WHERE id IN (
            SELECT id FROM dead_letters WHERE created_at < $1 AND (replayed_at IS NULL OR replayed_at < $1) LIMIT $2)
        """;

    // Waiting entries (pending, batched) are never deleted, whatever their age.
    private const string DeleteDeferredNotifications = """
        DELETE FROM deferred_notifications WHERE id IN (
            SELECT id FROM deferred_notifications
            WHERE state IN ('released', 'cancelled', 'superseded') AND released_at < $1
            LIMIT $2)
        """;

    private readonly NpgsqlConnection _connection;
    private readonly long _lockKey;

    internal RetentionSession(NpgsqlConnection connection, long lockKey)
    {
        _connection = connection;
        _lockKey = lockKey;
    }

    /// <summary>
    /// Deletes notifications accepted and last changed before <paramref name="before"/>, with their deliveries and
    /// timeline, unless they still wait in the deferral schedule.
    /// </summary>
    public async Task<DeletedHistory> DeleteNotificationsAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken = default)
    {
        await using NpgsqlCommand command = Command(DeleteNotifications, before, limit);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new DeletedHistory { Notifications = reader.GetInt64(0), Deliveries = reader.GetInt64(1), DeliveryEvents = reader.GetInt64(2) };
    }

    /// <summary>Deletes inbox messages created before <paramref name="before"/>, read or not.</summary>
    public async Task<DeletedHistory> DeleteInboxMessagesAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken = default) =>
        new() { InboxMessages = await ExecuteAsync(DeleteInboxMessages, before, limit, cancellationToken).ConfigureAwait(false) };

    /// <summary>Deletes dead letters recorded, and replayed if ever, before <paramref name="before"/>.</summary>
    public async Task<DeletedHistory> DeleteDeadLettersAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken = default) =>
        new() { DeadLetters = await ExecuteAsync(DeleteDeadLetters, before, limit, cancellationToken).ConfigureAwait(false) };

    /// <summary>Deletes deferral schedule entries released, cancelled or superseded before <paramref name="before"/>.</summary>
    public async Task<DeletedHistory> DeleteDeferredNotificationsAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken = default) =>
        new() { DeferredNotifications = await ExecuteAsync(DeleteDeferredNotifications, before, limit, cancellationToken).ConfigureAwait(false) };

    /// <summary>
    /// Releases the lock and returns the connection. A pooled connection is reset only when it is next used, so the
    /// lock must be released here rather than left to the pool; if the connection broke, the server released it.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_connection.FullState == System.Data.ConnectionState.Open)
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", _connection);
                unlock.Parameters.Add(Parameters.Value(_lockKey));
                await unlock.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<long> ExecuteAsync(string sql, DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        await using NpgsqlCommand command = Command(sql, before, limit);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private NpgsqlCommand Command(string sql, DateTimeOffset before, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var command = new NpgsqlCommand(sql, _connection);
        command.Parameters.Add(Parameters.Time(before));
        command.Parameters.Add(Parameters.Value(limit));
        return command;
    }
}
