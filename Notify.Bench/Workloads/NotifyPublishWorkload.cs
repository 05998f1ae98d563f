using Notify.Nats;
using Notify.Nats.JetStream;
using Notify.Bench.Measurement;

namespace Notify.Bench.Workloads;

/// <summary>
/// The Notify client's windowed async publish: up to <c>window</c> PubAcks outstanding, waiting for the
/// oldest when the window is full (what the nats.js peer does with its promises).
/// </summary>
internal static class NotifyPublishWorkload
{
    public static async Task<Sample> RunAsync(NatsConnection connection, string subject, ReadOnlyMemory<byte> payload,
        int warmup, int count, int window, CancellationToken cancellationToken)
    {
        var js = new NatsJSContext(connection, NatsJSOpts.Default with { MaxConcurrentPublishes = window });
        await PublishAsync(js, subject, payload, warmup, window, cancellationToken);
        return await TimedSection.MeasureAsync(count, () => PublishAsync(js, subject, payload, count, window, cancellationToken));
    }

    public static async Task PublishAsync(NatsJSContext js, string subject, ReadOnlyMemory<byte> payload, int count, int window,
        CancellationToken cancellationToken)
    {
        var inflight = new Queue<NatsJSPublishConcurrentFuture>(window);
        for (var i = 0; i < count; i++)
        {
            if (inflight.Count == window)
                (await inflight.Dequeue().GetResponseAsync(cancellationToken)).EnsureSuccess();
            inflight.Enqueue(await js.PublishConcurrentAsync(subject, payload, cancellationToken: cancellationToken));
        }
        while (inflight.TryDequeue(out var future))
            (await future.GetResponseAsync(cancellationToken)).EnsureSuccess();
    }
}
