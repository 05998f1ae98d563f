using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Notify.Bench.Measurement;

namespace Notify.Bench.Workloads;

/// <summary>
/// NATS.Net's JetStream publish with a sliding window: up to <c>window</c> <c>PublishAsync</c> calls awaiting their
/// PubAck, waiting for the oldest when the window is full. The payload is raw bytes on purpose, the same bytes the
/// nats.js peer sends, so that both clients do the same work (no JSON, no Notify envelope).
/// </summary>
/// <remarks>
/// <c>PublishAsync</c> calls rather than <c>PublishConcurrentAsync</c> futures (each of which holds a reply
/// subscription of its own): on this machine the calls published about 30 % more messages per second for about 20 %
/// less client CPU (../shared/NATS-NET-NOTES.md), and the bench runs each client in the form that is fastest for it.
/// </remarks>
internal static class NatsNetPublishWorkload
{
    public static async Task<Sample> RunAsync(INatsConnection connection, string subject, ReadOnlyMemory<byte> payload,
        int warmup, int count, int window, CancellationToken cancellationToken)
    {
        var js = new NatsJSContext(connection);
        await PublishAsync(js, subject, payload, warmup, window, cancellationToken);
        return await TimedSection.MeasureAsync(count, () => PublishAsync(js, subject, payload, count, window, cancellationToken));
    }

    public static async Task PublishAsync(INatsJSContext js, string subject, ReadOnlyMemory<byte> payload, int count, int window,
        CancellationToken cancellationToken)
    {
        // A publish runs from the moment it is called; holding its ValueTask and awaiting it once, oldest first,
        // is what keeps up to `window` PubAcks outstanding.
        var inflight = new Queue<ValueTask<PubAckResponse>>(window);
        for (var i = 0; i < count; i++)
        {
            if (inflight.Count == window)
                (await inflight.Dequeue()).EnsureSuccess();
            inflight.Enqueue(js.PublishAsync(subject, payload, cancellationToken: cancellationToken));
        }
        while (inflight.TryDequeue(out var pending))
            (await pending).EnsureSuccess();
    }
}
