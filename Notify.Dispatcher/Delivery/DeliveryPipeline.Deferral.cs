using Notify.Core.Notifications;
using Notify.Core.Status;
using Notify.Dispatcher.Deferral;
using NATS.Client.JetStream;
using Npgsql;

namespace Notify.Dispatcher.Delivery;

/// <summary>Holding a notification for later (<see cref="Deferrals"/>) and recording what a batch merged.</summary>
public sealed partial class DeliveryPipeline
{
    /// <summary>
    /// Records the hold in the schedule, publishes the status, then acks: the work stream no longer carries it. While
    /// PostgreSQL is unavailable it stays in the work stream instead, NAKed until its time, so nothing is lost.
    /// </summary>
    private async Task HoldAsync(INatsJSMsg<NotificationEnvelope> msg, NotificationEnvelope n, Hold hold, List<StatusEvent> events, int attempt, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        try
        {
            if (await deferrals.RecordAsync(n, hold, now, cancellationToken) is { } held)
                events.Add(held);
            await SettleAsync(msg, n, Settle.Done, default, events, attempt, cancellationToken);
        }
        catch (NpgsqlException ex)
        {
            LogScheduleUnavailable(n.Id, ex.Message);
            events.Add(new StatusEvent(n.Id, n.Tenant, StatusKind.Scheduled, now) { RetryAt = hold.Until, Reason = $"{hold.Why} (waiting in the work stream)" });
            await SettleAsync(msg, n, Settle.Retry, hold.Until - now, events, attempt, cancellationToken);
        }
    }

    /// <summary>
    /// Adds the merged event of a released batch, or of a critical update superseding waiting ones. Superseding is
    /// best effort: without PostgreSQL the critical update goes at once and the batch later on its own.
    /// </summary>
    private async Task NoteMergesAsync(NotificationEnvelope n, List<StatusEvent> events, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (Deferrals.MergedEvent(n, now) is { } merged)
        {
            events.Add(merged);
            return;
        }
        try
        {
            if (await deferrals.SupersedeAsync(n, now, cancellationToken) is { } superseded)
                events.Add(superseded);
        }
        catch (NpgsqlException ex)
        {
            LogScheduleUnavailable(n.Id, ex.Message);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Deferral schedule unavailable for {NotificationId}: {Error}")]
    private partial void LogScheduleUnavailable(Guid notificationId, string error);
}
