using Notify.Core.Notifications;
using Notify.Core.Storage;
using Notify.Ingest.Messaging;
using NATS.Client.Core;
using Npgsql;

namespace Notify.Ingest.Notifications;

/// <summary>What a cancel request came to.</summary>
public enum CancelVerdict
{
    /// <summary>Cancelled (now or before).</summary>
    Cancelled,
    /// <summary>Too late: sent or ended otherwise.</summary>
    TooLate,
    /// <summary>No such notification in the tenant.</summary>
    NotFound,
    /// <summary>PostgreSQL is unreachable.</summary>
    StorageDown,
    /// <summary>The cancellation could not be recorded for the dispatchers (NATS unreachable); retrying is safe.</summary>
    QueueDown,
}

/// <summary>
/// Cancels a notification that has not gone out: marks its row (<see cref="NotificationStore.TryCancelAsync"/>) and
/// records the cancellation in the bucket every dispatcher watches (<see cref="Cancellations"/>), which is what stops
/// the send. A notification waiting in the deferral schedule (sendAt, quiet hours, batching) is also marked there, so
/// its releaser drops it. A notification still queued and not yet recorded in PostgreSQL is cancelled through the
/// bucket alone.
/// </summary>
public sealed partial class NotificationCancellation(NotificationStore store, QueuedNotifications queue, Cancellations cancellations,
    INatsConnection nats, DeferredSchedule schedule, ILogger<NotificationCancellation> logger)
{
    /// <summary>Cancels <paramref name="id"/> of <paramref name="tenant"/> on behalf of <paramref name="clientName"/>.</summary>
    public async Task<(CancelVerdict Verdict, NotificationStatus? Status)> CancelAsync(string tenant, Guid id, string clientName, CancellationToken cancellationToken)
    {
        CancelResult result;
        bool deferred;
        try
        {
            result = await store.TryCancelAsync(tenant, id, $"cancelled by the client (API key '{clientName}')", cancellationToken).ConfigureAwait(false);
            deferred = result.Outcome is not CancelOutcome.TooLate && await schedule.CancelAsync(tenant, id, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            LogStorageDown(logger, id, ex);
            return (CancelVerdict.StorageDown, null);
        }

        switch (result.Outcome)
        {
            case CancelOutcome.Cancelled or CancelOutcome.AlreadyCancelled:
                return (await RecordAsync(id, cancellationToken).ConfigureAwait(false), result.Status);
            case CancelOutcome.TooLate:
                return (CancelVerdict.TooLate, result.Status);
            case CancelOutcome.NotFound when deferred:
                return (await RecordAsync(id, cancellationToken).ConfigureAwait(false), NotificationStatus.Scheduled);
            default:
                return await IsQueuedAsync(tenant, id, cancellationToken).ConfigureAwait(false) is not { } queued
                    ? (CancelVerdict.QueueDown, null)
                    : queued ? (await RecordAsync(id, cancellationToken).ConfigureAwait(false), null) : (CancelVerdict.NotFound, null);
        }
    }

    /// <summary>Tells every dispatcher; a retry after a failure here finds the row cancelled and records it again.</summary>
    private async Task<CancelVerdict> RecordAsync(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            NatsOutage.ThrowIfDown(nats);
            await cancellations.CancelAsync(id, cancellationToken).ConfigureAwait(false);
            return CancelVerdict.Cancelled;
        }
        catch (NatsException ex)
        {
            LogQueueDown(logger, id, ex);
            return CancelVerdict.QueueDown;
        }
    }

    /// <summary>Whether the notification waits in its stream; null when the streams cannot be read.</summary>
    private async Task<bool?> IsQueuedAsync(string tenant, Guid id, CancellationToken cancellationToken)
    {
        try
        {
            return await queue.FindAsync(tenant, id, cancellationToken).ConfigureAwait(false) is not null;
        }
        catch (NatsException ex)
        {
            LogQueueDown(logger, id, ex);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cancel of {NotificationId}: PostgreSQL unreachable")]
    private static partial void LogStorageDown(ILogger logger, Guid notificationId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cancel of {NotificationId}: NATS unreachable")]
    private static partial void LogQueueDown(ILogger logger, Guid notificationId, Exception exception);
}
