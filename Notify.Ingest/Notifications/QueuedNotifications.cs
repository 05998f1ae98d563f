using System.Collections.Concurrent;
using System.Text.Json;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Nats.JetStream;

namespace Notify.Ingest.Notifications;

/// <summary>
/// Finds a notification still waiting in its stream: its subject carries priority, tenant and id, so a last-by-subject
/// read of each priority stream (in parallel) finds it without scanning, and only in the caller's tenant.
/// </summary>
public sealed class QueuedNotifications(NatsJSContext js)
{
    private const int NoMessage = 10037;
    private readonly ConcurrentDictionary<Priority, NatsJSStream> _streams = new();

    /// <summary>The envelope of the queued notification, or null when no stream holds it.</summary>
    /// <exception cref="Nats.NatsException">NATS could not be asked.</exception>
    public async Task<NotificationEnvelope?> FindAsync(string tenant, Guid id, CancellationToken cancellationToken)
    {
        var found = await Task.WhenAll(Priorities.All.Select(p => FindAsync(p, tenant, id, cancellationToken))).ConfigureAwait(false);
        return found.FirstOrDefault(e => e is not null);
    }

    private async Task<NotificationEnvelope?> FindAsync(Priority priority, string tenant, Guid id, CancellationToken cancellationToken)
    {
        if (!_streams.TryGetValue(priority, out var stream))
            _streams[priority] = stream = await js.GetStreamAsync(Subjects.Stream(priority), cancellationToken).ConfigureAwait(false);
        try
        {
            var message = await stream.GetLastMsgAsync(Subjects.Notification(priority, tenant, id), cancellationToken).ConfigureAwait(false);
            return message.Data is { Length: > 0 } data ? JsonSerializer.Deserialize(data, NotifyJson.Default.NotificationEnvelope) : null;
        }
        catch (NatsJSApiException ex) when (ex.Error.ErrCode == NoMessage)
        {
            return null;
        }
    }
}
