using Notify.Core.Storage;
using NATS.Client.Core;
using Npgsql;

namespace Notify.Ingest.Notifications;

/// <summary>Where a status lookup found the notification, if anywhere.</summary>
/// <param name="Status">The notification; null when not found.</param>
/// <param name="Uncertain">PostgreSQL or NATS could not be asked, so "not found" is not certain.</param>
public readonly record struct LookupResult(NotificationStatusResponse? Status, bool Uncertain);

/// <summary>
/// Looks a notification up where it is: PostgreSQL once a status writer has recorded it, else its stream while it is
/// queued. Either being unreachable is logged and the other still asked.
/// </summary>
public sealed partial class NotificationLookup(NotificationStore store, QueuedNotifications queue, ILogger<NotificationLookup> logger)
{
    /// <summary>The notification <paramref name="id"/> of <paramref name="tenant"/>.</summary>
    public async Task<LookupResult> FindAsync(string tenant, Guid id, CancellationToken cancellationToken)
    {
        var storageDown = false;
        try
        {
            if (await store.GetAsync(tenant, id, cancellationToken).ConfigureAwait(false) is { } details)
                return new LookupResult(NotificationStatusResponse.From(details), false);
        }
        catch (NpgsqlException ex)
        {
            storageDown = true;
            LogStorageDown(logger, id, ex);
        }

        try
        {
            var queued = await queue.FindAsync(tenant, id, cancellationToken).ConfigureAwait(false);
            return new LookupResult(queued is null ? null : NotificationStatusResponse.FromQueued(queued), storageDown);
        }
        catch (NatsException ex)
        {
            LogQueueDown(logger, id, ex);
            return new LookupResult(null, true);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status of {NotificationId}: PostgreSQL unreachable, looking in the streams")]
    private static partial void LogStorageDown(ILogger logger, Guid notificationId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status of {NotificationId}: the streams could not be read")]
    private static partial void LogQueueDown(ILogger logger, Guid notificationId, Exception exception);
}
