using Notify.Core.Notifications;
using Notify.Core.Status;
using Npgsql;

namespace Notify.Core.Storage;

/// <summary>Turns a <see cref="StatusBatch"/> into the four statements of <see cref="StatusWriterSql"/>, column arrays as parameters.</summary>
internal static class StatusBatchCommands
{
    public static void AddTo(NpgsqlBatch batch, StatusBatch status)
    {
        batch.BatchCommands.Add(UpsertNotifications(status.Notifications));
        if (status.Deliveries.Count > 0)
            batch.BatchCommands.Add(UpsertDeliveries(status.Deliveries));
        batch.BatchCommands.Add(InsertTimeline(status.Timeline));
        batch.BatchCommands.Add(DeriveStatus(status.Notifications));
    }

    private static NpgsqlBatchCommand UpsertNotifications(IReadOnlyList<NotificationChange> changes)
    {
        int n = changes.Count;
        var ids = new Guid[n];
        var tenants = new string[n];
        var firstAts = new DateTimeOffset[n];
        var lastAts = new DateTimeOffset[n];
        var traceIds = new string?[n];
        var userIds = new string?[n];
        var types = new string?[n];
        var priorities = new string?[n];
        var channels = new string?[n];
        var data = new string?[n];
        var idempotencyKeys = new string?[n];
        var collapseKeys = new string?[n];
        var orderIds = new string?[n];
        var sendAts = new DateTimeOffset?[n];
        var acceptedAts = new DateTimeOffset?[n];
        var replays = new int[n];
        var lifecycleKinds = new string?[n];
        var lifecycleAts = new DateTimeOffset?[n];
        var lifecycleReasons = new string?[n];
        var mergedInto = new Guid?[n];
        var replayedAts = new DateTimeOffset?[n];
        var routings = new string?[n];
        for (int i = 0; i < n; i++)
        {
            NotificationChange c = changes[i];
            ids[i] = c.Id;
            tenants[i] = c.Tenant;
            firstAts[i] = c.FirstAt;
            lastAts[i] = c.LastAt;
            traceIds[i] = c.TraceId;
            if (c.Envelope is { } e)
            {
                userIds[i] = e.UserId;
                types[i] = e.Type;
                priorities[i] = e.Priority.ToWire();
                channels[i] = e.Channels is null ? null : string.Join(',', e.Channels.Select(ch => ch.ToWire()));
                data[i] = e.Data?.GetRawText();
                idempotencyKeys[i] = e.IdempotencyKey;
                collapseKeys[i] = e.CollapseKey;
                orderIds[i] = e.OrderId;
                sendAts[i] = e.SendAt?.ToUniversalTime();
                acceptedAts[i] = e.AcceptedAt.ToUniversalTime();
                replays[i] = Math.Max(e.Replay, 0);
            }

            lifecycleKinds[i] = c.LifecycleKind?.ToWire();
            lifecycleAts[i] = c.LifecycleAt;
            lifecycleReasons[i] = c.LifecycleReason;
            mergedInto[i] = c.MergedInto;
            replayedAts[i] = c.ReplayedAt;
            routings[i] = c.Routing?.ToWire();
        }

        return Statements.Of(StatusWriterSql.UpsertNotifications,
            Parameters.Value(ids), Parameters.Value(tenants), Parameters.Value(firstAts), Parameters.Value(lastAts), Parameters.Value(traceIds),
            Parameters.Value(userIds), Parameters.Value(types), Parameters.Value(priorities), Parameters.Value(channels), Parameters.Value(data),
            Parameters.Value(idempotencyKeys), Parameters.Value(collapseKeys), Parameters.Value(orderIds),
            Parameters.Value(sendAts), Parameters.Value(acceptedAts), Parameters.Value(replays),
            Parameters.Value(lifecycleKinds), Parameters.Value(lifecycleAts), Parameters.Value(lifecycleReasons),
            Parameters.Value(mergedInto), Parameters.Value(replayedAts),
            Parameters.Value(StatusPrecedence.AscendingWire), Parameters.Value(StatusPrecedence.FinalWire), Parameters.Value(routings));
    }

    private static NpgsqlBatchCommand UpsertDeliveries(IReadOnlyList<DeliveryChange> changes)
    {
        int n = changes.Count;
        var ids = new Guid[n];
        var channels = new string[n];
        var statuses = new string[n];
        var statusAts = new DateTimeOffset[n];
        var reasons = new string?[n];
        var nextRetryAts = new DateTimeOffset?[n];
        var providers = new string?[n];
        var providerMessageIds = new string?[n];
        var attempts = new int[n];
        var lastErrors = new string?[n];
        var lastErrorAts = new DateTimeOffset?[n];
        var firstAttemptAts = new DateTimeOffset?[n];
        var lastAttemptAts = new DateTimeOffset?[n];
        var sentAts = new DateTimeOffset?[n];
        var updatedAts = new DateTimeOffset[n];
        for (int i = 0; i < n; i++)
        {
            DeliveryChange c = changes[i];
            ids[i] = c.NotificationId;
            channels[i] = c.Channel.ToWire();
            statuses[i] = c.Status.ToWire();
            statusAts[i] = c.StatusAt;
            reasons[i] = c.Reason;
            nextRetryAts[i] = c.NextRetryAt;
            providers[i] = c.Provider;
            providerMessageIds[i] = c.ProviderMessageId;
            attempts[i] = c.Attempts;
            lastErrors[i] = c.LastError;
            lastErrorAts[i] = c.LastErrorAt;
            firstAttemptAts[i] = c.FirstAttemptAt;
            lastAttemptAts[i] = c.LastAttemptAt;
            sentAts[i] = c.SentAt;
            updatedAts[i] = c.UpdatedAt;
        }

        return Statements.Of(StatusWriterSql.UpsertDeliveries,
            Parameters.Value(ids), Parameters.Value(channels), Parameters.Value(statuses), Parameters.Value(statusAts), Parameters.Value(reasons),
            Parameters.Value(nextRetryAts), Parameters.Value(providers), Parameters.Value(providerMessageIds), Parameters.Value(attempts),
            Parameters.Value(lastErrors), Parameters.Value(lastErrorAts), Parameters.Value(firstAttemptAts), Parameters.Value(lastAttemptAts),
            Parameters.Value(sentAts), Parameters.Value(updatedAts),
            Parameters.Value(StatusPrecedence.AscendingWire), Parameters.Value(StatusPrecedence.FinalWire));
    }

    private static NpgsqlBatchCommand InsertTimeline(IReadOnlyList<TimelineRow> rows)
    {
        int n = rows.Count;
        var ids = new Guid[n];
        var channels = new string?[n];
        var kinds = new string[n];
        var attempts = new int[n];
        var errors = new string?[n];
        var reasons = new string?[n];
        var providerMessageIds = new string?[n];
        var ats = new DateTimeOffset[n];
        for (int i = 0; i < n; i++)
        {
            TimelineRow r = rows[i];
            ids[i] = r.NotificationId;
            channels[i] = r.Channel?.ToWire();
            kinds[i] = r.Kind.ToWire();
            attempts[i] = r.Attempt;
            errors[i] = r.Error;
            reasons[i] = r.Reason;
            providerMessageIds[i] = r.ProviderMessageId;
            ats[i] = r.At;
        }

        return Statements.Of(StatusWriterSql.InsertTimeline,
            Parameters.Value(ids), Parameters.Value(channels), Parameters.Value(kinds), Parameters.Value(attempts),
            Parameters.Value(errors), Parameters.Value(reasons), Parameters.Value(providerMessageIds), Parameters.Value(ats));
    }

    private static NpgsqlBatchCommand DeriveStatus(IReadOnlyList<NotificationChange> changes)
    {
        var ids = new Guid[changes.Count];
        for (int i = 0; i < ids.Length; i++)
            ids[i] = changes[i].Id;
        return Statements.Of(StatusWriterSql.DeriveStatus, Parameters.Value(ids));
    }
}
