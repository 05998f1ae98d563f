using Notify.Core.Notifications;
using Notify.Core.Status;
using Npgsql;

namespace Notify.Core.Storage;

/// <summary>
/// Reads notifications as the status writers stored them, answers the dispatcher's "was this already sent?" from
/// PostgreSQL, and cancels notifications that have not gone out yet.
/// </summary>
public sealed class NotificationStore(NpgsqlDataSource dataSource)
{
    /// <summary>The largest page <see cref="ListByUserAsync"/> returns.</summary>
    public const int MaxPageSize = 200;

    private const string Columns = """
        id, tenant, user_id, type, priority, status, accepted_at, updated_at, channels, data, idempotency_key,
        collapse_key, order_id, send_at, status_reason, trace_id, replay_count, merged_into, routing
        """;

    private const string DeliveryColumns = """
        notification_id, channel, status, attempts, updated_at, provider, provider_message_id, last_error, reason,
        first_attempt_at, last_attempt_at, sent_at, next_retry_at
        """;

    /// <summary>A notification of <paramref name="tenant"/> with its deliveries and timeline (one round trip), or null.</summary>
    public async Task<NotificationDetails?> GetAsync(string tenant, Guid id, CancellationToken cancellationToken = default)
    {
        await using NpgsqlBatch batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Statements.Of($"SELECT {Columns} FROM notifications WHERE id = $1 AND tenant = $2",
            Parameters.Value(id), Parameters.Value(tenant)));
        batch.BatchCommands.Add(Statements.Of($"SELECT {DeliveryColumns} FROM deliveries WHERE notification_id = $1 ORDER BY channel",
            Parameters.Value(id)));
        batch.BatchCommands.Add(Statements.Of("""
            SELECT id, notification_id, channel, kind, attempt, at, error, reason, provider_message_id
            FROM delivery_events WHERE notification_id = $1 ORDER BY at, id
            """, Parameters.Value(id)));

        await using NpgsqlDataReader reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            return null; // another tenant's id reads as missing: the rest of the batch is not looked at
        StoredNotification notification = ReadNotification(reader);

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var deliveries = new List<Delivery>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            deliveries.Add(ReadDelivery(reader));

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var timeline = new List<TimelineEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            timeline.Add(ReadTimelineEntry(reader));

        return new NotificationDetails(notification, deliveries, timeline);
    }

    /// <summary>A user's notifications, newest first.</summary>
    /// <param name="tenant">Tenant.</param>
    /// <param name="userId">User.</param>
    /// <param name="limit">Page size (1 to <see cref="MaxPageSize"/>).</param>
    /// <param name="after">Where the previous page ended; null for the first page.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<Page<StoredNotification>> ListByUserAsync(string tenant, string userId, int limit = 50, PageCursor? after = null,
        CancellationToken cancellationToken = default)
    {
        int rows = Parameters.PageLimit(limit, MaxPageSize);
        await using NpgsqlCommand command = after is { } cursor
            ? dataSource.CreateCommand($"""
                SELECT {Columns} FROM notifications
                WHERE tenant = $1 AND user_id = $2 AND (accepted_at, id) < ($4, $5)
                ORDER BY accepted_at DESC, id DESC LIMIT $3
                """)
            : dataSource.CreateCommand($"""
                SELECT {Columns} FROM notifications
                WHERE tenant = $1 AND user_id = $2
                ORDER BY accepted_at DESC, id DESC LIMIT $3
                """);
        command.Parameters.Add(Parameters.Value(tenant));
        command.Parameters.Add(Parameters.Value(userId));
        command.Parameters.Add(Parameters.Value(rows));
        if (after is { } position)
        {
            command.Parameters.Add(Parameters.Time(position.At));
            command.Parameters.Add(Parameters.Value(position.Id));
        }

        var items = new List<StoredNotification>(rows);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            items.Add(ReadNotification(reader));
        return Paging.ToPage(items, rows, n => new PageCursor(n.AcceptedAt, n.Id));
    }

    /// <summary>Whether the delivery of <paramref name="id"/> on <paramref name="channel"/> is recorded as sent.</summary>
    public async Task<bool> IsDeliverySentAsync(Guid id, Channel channel, CancellationToken cancellationToken = default)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand(
            "SELECT EXISTS (SELECT 1 FROM deliveries WHERE notification_id = $1 AND channel = $2 AND status = 'sent')");
        command.Parameters.Add(Parameters.Value(id));
        command.Parameters.Add(Parameters.Value(channel.ToWire()));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }

    /// <summary>Every delivery of <paramref name="ids"/> recorded as sent, in one query (for a fetched batch of messages).</summary>
    public async Task<IReadOnlySet<DeliveryKey>> GetSentChannelsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var sent = new HashSet<DeliveryKey>();
        if (ids.Count == 0)
            return sent;
        await using NpgsqlCommand command = dataSource.CreateCommand(
            "SELECT notification_id, channel FROM deliveries WHERE notification_id = ANY ($1) AND status = 'sent'");
        command.Parameters.Add(Parameters.Value(ids as Guid[] ?? [.. ids]));
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            sent.Add(new DeliveryKey(reader.GetGuid(0), WireNames.Channel(reader.GetString(1))));
        return sent;
    }

    /// <summary>
    /// Cancels a notification that has not been sent yet (accepted, scheduled or still being processed) and notes it in
    /// its timeline. A send recorded later still wins: the provider has it, so the status says sent.
    /// </summary>
    /// <param name="tenant">Tenant.</param>
    /// <param name="id">Notification.</param>
    /// <param name="reason">Why, for the timeline (default: cancelled by the client).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<CancelResult> TryCancelAsync(string tenant, Guid id, string? reason = null, CancellationToken cancellationToken = default)
    {
        reason ??= "cancelled by the client";
        await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Locking the row first waits out a status writer working on it; the statements after see what it wrote.
        NotificationStatus current;
        await using (var select = new NpgsqlCommand("SELECT status FROM notifications WHERE id = $1 AND tenant = $2 FOR UPDATE", connection, transaction))
        {
            select.Parameters.Add(Parameters.Value(id));
            select.Parameters.Add(Parameters.Value(tenant));
            if (await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not string status)
                return new CancelResult(CancelOutcome.NotFound, null);
            current = WireNames.Status(status);
        }

        if (current == NotificationStatus.Cancelled)
            return new CancelResult(CancelOutcome.AlreadyCancelled, current);
        if (current is not (NotificationStatus.Accepted or NotificationStatus.Scheduled or NotificationStatus.Processing))
            return new CancelResult(CancelOutcome.TooLate, current);

        await using (var cancel = new NpgsqlCommand("""
            WITH cancelled AS (
                UPDATE notifications
                SET status = 'cancelled', status_reason = $2, lifecycle_kind = 'cancelled', lifecycle_at = now(),
                    lifecycle_reason = $2, updated_at = greatest(updated_at, now())
                WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM deliveries WHERE notification_id = $1 AND status = 'sent')
                RETURNING id)
            INSERT INTO delivery_events (notification_id, kind, reason, at)
            SELECT id, 'cancelled', $2, now() FROM cancelled
            ON CONFLICT DO NOTHING
            """, connection, transaction))
        {
            cancel.Parameters.Add(Parameters.Value(id));
            cancel.Parameters.Add(Parameters.Value(reason));
            if (await cancel.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                return new CancelResult(CancelOutcome.TooLate, NotificationStatus.Sent);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new CancelResult(CancelOutcome.Cancelled, NotificationStatus.Cancelled);
    }

    private static StoredNotification ReadNotification(NpgsqlDataReader r)
    {
        string? priority = r.GetStringOrNull(4);
        return new StoredNotification(
            r.GetGuid(0), r.GetString(1), r.GetStringOrNull(2), r.GetStringOrNull(3),
            priority is null ? null : WireNames.Priority(priority),
            WireNames.Status(r.GetString(5)), r.GetTime(6), r.GetTime(7))
        {
            Channels = r.GetStringArrayOrNull(8) is { } channels ? [.. channels.Select(WireNames.Channel)] : null,
            Data = r.GetJsonOrNull(9),
            IdempotencyKey = r.GetStringOrNull(10),
            CollapseKey = r.GetStringOrNull(11),
            OrderId = r.GetStringOrNull(12),
            SendAt = r.GetTimeOrNull(13),
            StatusReason = r.GetStringOrNull(14),
            TraceId = r.GetStringOrNull(15),
            ReplayCount = r.GetInt32(16),
            MergedInto = r.GetGuidOrNull(17),
            Routing = r.GetStringOrNull(18) is { } routing && Routings.TryParse(routing, out var parsed) ? parsed : null,
        };
    }

    private static Delivery ReadDelivery(NpgsqlDataReader r) =>
        new(r.GetGuid(0), WireNames.Channel(r.GetString(1)), WireNames.Kind(r.GetString(2)), r.GetInt32(3), r.GetTime(4))
        {
            Provider = r.GetStringOrNull(5),
            ProviderMessageId = r.GetStringOrNull(6),
            LastError = r.GetStringOrNull(7),
            Reason = r.GetStringOrNull(8),
            FirstAttemptAt = r.GetTimeOrNull(9),
            LastAttemptAt = r.GetTimeOrNull(10),
            SentAt = r.GetTimeOrNull(11),
            NextRetryAt = r.GetTimeOrNull(12),
        };

    private static TimelineEntry ReadTimelineEntry(NpgsqlDataReader r) =>
        new(r.GetInt64(0), r.GetGuid(1), r.GetStringOrNull(2) is { } channel ? WireNames.Channel(channel) : null,
            WireNames.Kind(r.GetString(3)), r.GetInt32(4), r.GetTime(5))
        {
            Error = r.GetStringOrNull(6),
            Reason = r.GetStringOrNull(7),
            ProviderMessageId = r.GetStringOrNull(8),
        };
}
