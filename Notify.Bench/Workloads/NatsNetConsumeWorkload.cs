using NATS.Client.Core;
using NATS.Client.JetStream;
using Notify.Bench.Measurement;

namespace Notify.Bench.Workloads;

/// <summary>
/// NATS.Net reading a durable pull consumer and acking every message (a plain ack, not a double ack). Payloads are
/// read as raw bytes on purpose (the bench publishes filler bytes, not envelopes) into pooled buffers returned at once,
/// so the figures hold the client's own cost, not a copy of every payload for the GC.
/// </summary>
internal static class NatsNetConsumeWorkload
{
    private static readonly TimeSpan FetchExpiry = TimeSpan.FromSeconds(5);

    public static Task<Sample> RunAsync(INatsConnection connection, INatsJSConsumer consumer, ConsumeMode mode, int count, int batch,
        CancellationToken cancellationToken) =>
        TimedSection.MeasureAsync(count, () => ReadAsync(connection, consumer, mode, count, batch, cancellationToken));

    /// <summary>Reads and acks <paramref name="count"/> messages, then waits until the server has every ack.</summary>
    public static async Task ReadAsync(INatsConnection connection, INatsJSConsumer consumer, ConsumeMode mode, int count, int batch,
        CancellationToken cancellationToken)
    {
        if (mode == ConsumeMode.Fetch)
            await FetchAndAckAsync(consumer, count, batch, cancellationToken);
        else
            await ConsumeAndAckAsync(consumer, count, batch, cancellationToken);
        // Acks are fire-and-forget publishes: a PING/PONG round trip proves the server has read all of them.
        await connection.PingAsync(cancellationToken);
    }

    private static async Task FetchAndAckAsync(INatsJSConsumer consumer, int count, int batch, CancellationToken cancellationToken)
    {
        var received = 0;
        while (received < count)
        {
            var opts = new NatsJSFetchOpts { MaxMsgs = Math.Min(batch, count - received), Expires = FetchExpiry };
            await foreach (var msg in consumer.FetchAsync<NatsMemoryOwner<byte>>(opts, cancellationToken: cancellationToken))
            {
                using var payload = msg.Data;
                await msg.AckAsync(cancellationToken: cancellationToken);
                received++;
            }
        }
    }

    private static async Task ConsumeAndAckAsync(INatsJSConsumer consumer, int count, int batch, CancellationToken cancellationToken)
    {
        var received = 0;
        // Re-pulls when half of the batch is left, as the nats.js peer is told to (NATS.Net's default too; set so it stays so).
        var opts = new NatsJSConsumeOpts { MaxMsgs = batch, ThresholdMsgs = Math.Max(1, batch / 2) };
        await foreach (var msg in consumer.ConsumeAsync<NatsMemoryOwner<byte>>(opts: opts, cancellationToken: cancellationToken))
        {
            using var payload = msg.Data;
            await msg.AckAsync(cancellationToken: cancellationToken);
            if (++received >= count)
                break;
        }
    }
}
