using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Core.Storage;
using NATS.Client.Core;
using Npgsql;

namespace Notify.Dispatcher.Channels.InApp;

/// <summary>
/// Puts the notification in the user's in-app inbox (PostgreSQL, one row per notification, so a redelivery inserts
/// nothing new) and announces it on the user's live subject, where Ingest forwards it to open SSE streams.
/// </summary>
public sealed class InAppSender(InboxStore inbox, INatsConnection nats, TimeProvider time) : IChannelSender
{
    /// <inheritdoc />
    public Channel Channel => Channel.InApp;

    /// <inheritdoc />
    public string Provider => "inbox";

    /// <inheritdoc />
    /// <remarks>The inbox row is keyed by the notification: a repeat inserts nothing.</remarks>
    public bool AbsorbsRepeats => true;

    /// <inheritdoc />
    public async ValueTask<SendOutcome> SendAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        var n = request.Notification;
        var message = new InboxMessage(n.Id, n.Tenant, n.UserId, n.Id, n.Type, request.Content.Title, request.Content.Body, time.GetUtcNow())
        {
            Data = n.Data,
        };
        try
        {
            if (await inbox.AddAsync(message, cancellationToken))
                await nats.PublishAsync(Subjects.InAppLive(n.Tenant, n.UserId), message, serializer: NotifySerializer<InboxMessage>.Default,
                    cancellationToken: cancellationToken);
            return SendOutcome.Success(Provider, n.Id.ToString());
        }
        catch (NpgsqlException ex)
        {
            return SendOutcome.Retry(Provider, $"inbox unavailable: {ex.Message}");
        }
    }
}
