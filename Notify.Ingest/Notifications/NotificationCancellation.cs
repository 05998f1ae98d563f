using Notify.Core.Storage;
using Notify.Nats;
using Npgsql;

namespace Notify.Ingest.Notifications;

/// <summary>What a cancel request came to.</summary>
public enum CancelVerdict
{
    /// <summary>Cancelled (now or before).</summary>
    Cancelled,
    /// <summary>Too late: sent or ended otherwise.</summary>
    TooLate,
    /// <summary>Queued but not yet recorded, so not cancellable yet; retry shortly.</summary>
    NotYetRecorded,
    /// <summary>No such notification in the tenant.</summary>
    NotFound,
    /// <summary>PostgreSQL is unreachable.</summary>
    StorageDown,
}

/// <summary>
/// Cancels a notification that has not gone out (<see cref="NotificationStore.TryCancelAsync"/>); tells "queued, not yet
/// recorded" apart from "no such notification" by looking in the streams.
/// </summary>
public sealed partial class NotificationCancellation(NotificationStore store, QueuedNotifications queue, ILogger<NotificationCancellation> logger)
{
    /// <summary>Cancels <paramref name="id"/> of <paramref name="tenant"/> on behalf of <paramref name="clientName"/>.</summary>
    public async Task<(CancelVerdict Verdict, NotificationStatus? Status)> CancelAsync(string tenant, Guid id, string clientName, CancellationToken cancellationToken)
    {
        CancelResult result;
        try
        {
            result = await store.TryCancelAsync(tenant, id, $"cancelled by the client (API key '{clientName}')", cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            LogStorageDown(logger, id, ex);
            return (CancelVerdict.StorageDown, null);
        }

        return result.Outcome switch
        {
            CancelOutcome.Cancelled or CancelOutcome.AlreadyCancelled => (CancelVerdict.Cancelled, result.Status),
            CancelOutcome.TooLate => (CancelVerdict.TooLate, result.Status),
            _ => (await IsQueuedAsync(tenant, id, cancellationToken).ConfigureAwait(false) ? CancelVerdict.NotYetRecorded : CancelVerdict.NotFound, null),
        };
    }

    private async Task<bool> IsQueuedAsync(string tenant, Guid id, CancellationToken cancellationToken)
    {
        try
        {
            return await queue.FindAsync(tenant, id, cancellationToken).ConfigureAwait(false) is not null;
        }
        catch (NatsException ex)
        {
            LogQueueDown(logger, id, ex);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cancel of {NotificationId}: PostgreSQL unreachable")]
    private static partial void LogStorageDown(ILogger logger, Guid notificationId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cancel of {NotificationId}: the streams could not be read")]
    private static partial void LogQueueDown(ILogger logger, Guid notificationId, Exception exception);
}
