using System.Collections.Concurrent;
using System.Text.Json;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Ingest.Messaging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Notify.Ingest.Notifications;

/// <summary>
/// Finds a notification still waiting in its stream: its subject carries priority, tenant and id, so a last-by-subject
/// read of each priority stream (in parallel) finds it without scanning, and only in the caller's tenant.
/// </summary>
public sealed class QueuedNotifications(INatsJSContext js)
{
    private const int NoMessage = 10037;
    private readonly ConcurrentDictionary<Priority, INatsJSStream> _streams = new();

    /// <summary>The envelope of the queued notification, or null when no stream holds it.</summary>
    /// <exception cref="NatsException">NATS could not be asked.</exception>
    public async Task<NotificationEnvelope?> FindAsync(string tenant, Guid id, CancellationToken cancellationToken)
    {
        NatsOutage.ThrowIfDown(js.Connection);
        var found = await Task.WhenAll(Priorities.All.Select(p => FindAsync(p, tenant, id, cancellationToken))).ConfigureAwait(false);
        return found.FirstOrDefault(e => e is not null);
    }

    private async Task<NotificationEnvelope?> FindAsync(Priority priority, string tenant, Guid id, CancellationToken cancellationToken)
    {
        if (!_streams.TryGetValue(priority, out var stream))
            _streams[priority] = stream = await js.GetStreamAsync(Subjects.Stream(priority), cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await stream.GetAsync(new StreamMsgGetRequest { LastBySubj = Subjects.Notification(priority, tenant, id) }, cancellationToken)
                .ConfigureAwait(false);
            return response.Message.Data is { Length: > 0 } data ? JsonSerializer.Deserialize(data.Span, NotifyJson.Default.NotificationEnvelope) : null;
        }
        catch (NatsJSApiException ex) when (ex.Error.ErrCode == NoMessage)
        {
            return null;
        }
    }
}
