using Notify.Core.Notifications;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Notify.Core.Messaging;

/// <summary>
/// Creates (or brings up to date) every stream and shared consumer Notify needs. Idempotent, so every Ingest and
/// Dispatcher replica runs it at start. Work streams are work queues: a message is gone once a dispatcher acks it.
/// Consumers have no <c>backoff</c> list: the dispatcher computes its own NAK delays (on 2.9 the two would add up).
/// </summary>
public sealed class StreamTopology(INatsJSContext js, StreamTopologyOptions options)
{
    /// <summary>The options in force.</summary>
    public StreamTopologyOptions Options { get; } = options;

    /// <summary>Creates or updates the streams and consumers.</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken = default)
    {
        foreach (var priority in Priorities.All)
        {
            var limits = Options.For(priority);
            await js.CreateOrUpdateStreamAsync(new StreamConfig(Subjects.Stream(priority), [Subjects.StreamFilter(priority)])
            {
                Description = $"Notifications of priority {priority.ToWire()} waiting for dispatch",
                Retention = StreamConfigRetention.Workqueue,
                Storage = StreamConfigStorage.File,
                NumReplicas = Options.Replicas,
                DuplicateWindow = Options.DuplicateWindow,
                MaxAge = limits.MaxAge,
                AllowDirect = true,
            }, cancellationToken).ConfigureAwait(false);
            await js.CreateOrUpdateConsumerAsync(Subjects.Stream(priority), DispatchConsumer(priority), cancellationToken).ConfigureAwait(false);
        }

        await js.CreateOrUpdateStreamAsync(new StreamConfig(Subjects.DeadLetterStream, [Subjects.DeadLetterFilter])
        {
            Description = "Notifications that could not be delivered, kept for inspection and replay",
            Storage = StreamConfigStorage.File,
            NumReplicas = Options.Replicas,
            MaxAge = Options.DeadLetterMaxAge,
            DuplicateWindow = Options.DuplicateWindow,
        }, cancellationToken).ConfigureAwait(false);

        await js.CreateOrUpdateStreamAsync(new StreamConfig(Subjects.StatusStream, [Subjects.StatusFilter])
        {
            Description = "Status changes on their way to PostgreSQL",
            Retention = StreamConfigRetention.Workqueue,
            Storage = StreamConfigStorage.File,
            NumReplicas = Options.Replicas,
            DuplicateWindow = Options.DuplicateWindow,
        }, cancellationToken).ConfigureAwait(false);
        await js.CreateOrUpdateConsumerAsync(Subjects.StatusStream, new ConsumerConfig(Subjects.StatusConsumer)
        {
            AckPolicy = ConsumerConfigAckPolicy.Explicit,
            AckWait = TimeSpan.FromSeconds(60),
            MaxAckPending = 50_000,
        }, cancellationToken).ConfigureAwait(false);

        // Receipts have their own work queue and consumer (a work-queue stream allows one consumer per subject), so
        // a slow or failing tenant endpoint never holds up the status writers.
        await js.CreateOrUpdateStreamAsync(new StreamConfig(Subjects.ReceiptStream, [Subjects.ReceiptFilter])
        {
            Description = "Status changes on their way to tenants' status webhooks",
            Retention = StreamConfigRetention.Workqueue,
            Storage = StreamConfigStorage.File,
            NumReplicas = Options.Replicas,
            DuplicateWindow = Options.DuplicateWindow,
            MaxAge = TimeSpan.FromDays(1),
        }, cancellationToken).ConfigureAwait(false);
        await js.CreateOrUpdateConsumerAsync(Subjects.ReceiptStream, new ConsumerConfig(Subjects.ReceiptConsumer)
        {
            AckPolicy = ConsumerConfigAckPolicy.Explicit,
            AckWait = TimeSpan.FromSeconds(60),
            MaxAckPending = 10_000,
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The dispatch consumer's configuration for <paramref name="priority"/>.</summary>
    public ConsumerConfig DispatchConsumer(Priority priority)
    {
        var limits = Options.For(priority);
        return new ConsumerConfig(Subjects.DispatchConsumer)
        {
            Description = $"Dispatcher replicas, priority {priority.ToWire()}",
            AckPolicy = ConsumerConfigAckPolicy.Explicit,
            AckWait = Options.AckWait,
            MaxDeliver = limits.MaxDeliver,
            MaxAckPending = limits.MaxAckPending,
            MaxWaiting = 512,
        };
    }
}
