using System.Runtime.CompilerServices;
using Notify.Nats.JetStream.Models;

namespace Notify.Nats.JetStream.KeyValue;

public sealed partial class NatsKVStore
{
    private static readonly TimeSpan WatchHeartbeat = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The latest value of every key matching <paramref name="key"/> (a key or a wildcard, default all), then every
    /// change as it happens, in revision order, until cancelled. Runs an ordered consumer: a gap in consumer
    /// sequences, silence past the heartbeat, or a reconnect re-creates it from the last revision seen, so no change
    /// is skipped or repeated.
    /// </summary>
    public async IAsyncEnumerable<NatsKVEntry> WatchAsync(string key = ">", [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ulong lastRevision = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var inbox = _js.Connection.NewInbox();
            await using var sub = await _js.Connection.SubscribeCoreAsync(inbox, cancellationToken: cancellationToken).ConfigureAwait(false);
            var consumer = await _js.CreateOrUpdateConsumerAsync(_stream, new ConsumerConfig
            {
                DeliverSubject = inbox,
                DeliverPolicy = lastRevision == 0 ? ConsumerConfigDeliverPolicy.LastPerSubject : ConsumerConfigDeliverPolicy.ByStartSequence,
                OptStartSeq = lastRevision == 0 ? 0 : lastRevision + 1,
                AckPolicy = ConsumerConfigAckPolicy.None,
                FilterSubject = _subjectPrefix + key,
                FlowControl = true,
                IdleHeartbeat = WatchHeartbeat,
                MemStorage = true,
                NumReplicas = 1,
                InactiveThreshold = TimeSpan.FromMinutes(1),
            }, cancellationToken).ConfigureAwait(false);

            ulong expected = 1;
            while (true)
            {
                var next = await ReadWithinAsync(sub, WatchHeartbeat * 3, cancellationToken).ConfigureAwait(false);
                if (next is not { } msg)
                    break; // silence or end: start again from the last revision
                if (msg.HasStatus)
                {
                    await AnswerControlAsync(msg, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                if (!NatsJSMsgMetadata.TryParse(msg.ReplyTo, out var metadata) || metadata.ConsumerSequence != expected)
                    break; // a gap: the consumer skipped something
                expected++;
                lastRevision = metadata.StreamSequence;
                yield return new NatsKVEntry(Bucket, msg.Subject[_subjectPrefix.Length..], msg.Data, metadata.StreamSequence,
                    metadata.Timestamp, OperationOf(msg.Headers));
            }
            await DeleteWatcherAsync(consumer.Info.Name).ConfigureAwait(false);
        }
    }

    private static async ValueTask<NatsMsg?> ReadWithinAsync(NatsSubscription sub, TimeSpan silence, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(silence);
        try
        {
            return await sub.Msgs.WaitToReadAsync(timeout.Token).ConfigureAwait(false) && sub.Msgs.TryRead(out var msg) ? msg : null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Flow control requests and stalled heartbeats want an empty reply, or the server stops sending.</summary>
    private async ValueTask AnswerControlAsync(NatsMsg msg, CancellationToken cancellationToken)
    {
        if (msg.ReplyTo is not null)
            await _js.Connection.PublishAsync(msg.ReplyTo, cancellationToken: cancellationToken).ConfigureAwait(false);
        else if (msg.Headers!.TryGetValue("Nats-Consumer-Stalled", out var stalled))
            await _js.Connection.PublishAsync(stalled, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask DeleteWatcherAsync(string consumer)
    {
        try
        {
            await _js.DeleteConsumerAsync(_stream, consumer).ConfigureAwait(false);
        }
        catch (NatsJSApiException ex) when (ex.Error.Code == 404)
        {
            // already gone: ephemeral consumers die with their interest
        }
    }
}
