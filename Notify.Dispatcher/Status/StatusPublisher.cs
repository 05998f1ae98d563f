using Notify.Core.Messaging;
using Notify.Core.Status;
using Notify.Dispatcher.Receipts;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Notify.Dispatcher.Status;

/// <summary>
/// Publishes the status changes of one processed delivery as one message on the status stream. The pipeline waits
/// for the PubAck before it settles the work message, so a settled notification always has its statuses stored.
/// The message id (<paramref name="dedupKey"/>) makes a re-run after a crash publish nothing new. For a tenant with a
/// status webhook the same changes also go, at the same time, to the receipt stream, where the receipt senders take them.
/// </summary>
public sealed class StatusPublisher(INatsJSContext js, StatusWebhooks webhooks)
{
    /// <summary>Publishes <paramref name="events"/> and waits for the stream to store them.</summary>
    public async ValueTask PublishAsync(string tenant, IReadOnlyList<StatusEvent> events, string dedupKey, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
            return;
        // NATS.Net serializes the events straight into its write buffer, once per stream they go to.
        var serializer = NotifySerializer<IReadOnlyList<StatusEvent>>.Default;
        var opts = new NatsJSPubOpts { MsgId = dedupKey };
        var status = js.PublishAsync(Subjects.Status(tenant), events, serializer, opts, cancellationToken: cancellationToken).AsTask();
        var receipts = await webhooks.WantsReceiptsAsync(tenant, cancellationToken)
            ? js.PublishAsync(Subjects.Receipt(tenant), events, serializer, opts, cancellationToken: cancellationToken).AsTask()
            : null;
        (await status).ThrowIfRefused();
        if (receipts is not null)
            (await receipts).ThrowIfRefused();
    }
}
