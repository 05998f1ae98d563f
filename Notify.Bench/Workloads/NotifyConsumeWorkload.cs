using Notify.Nats;
using Notify.Nats.JetStream;
using Notify.Bench.Measurement;

namespace Notify.Bench.Workloads;

/// <summary>The Notify client reading a durable pull consumer and acking every message (a plain ack, not a double ack).</summary>
internal static class NotifyConsumeWorkload
{
    private static readonly TimeSpan FetchExpiry = TimeSpan.FromSeconds(5);

    public static Task<Sample> RunAsync(NatsConnection connection, NatsJSConsumer consumer, ConsumeMode mode, int count, int batch,
        CancellationToken cancellationToken) =>
        TimedSection.MeasureAsync(count, () => ReadAsync(connection, consumer, mode, count, batch, cancellationToken));

    /// <summary>Reads and acks <paramref name="count"/> messages, then waits until the server has every ack.</summary>
    public static async Task ReadAsync(NatsConnection connection, NatsJSConsumer consumer, ConsumeMode mode, int count, int batch,
        CancellationToken cancellationToken)
    {
        if (mode == ConsumeMode.Fetch)
            await FetchAndAckAsync(consumer, count, batch, cancellationToken);
        else
            await ConsumeAndAckAsync(consumer, count, batch, cancellationToken);
        await connection.FlushAsync(cancellationToken);
    }

    private static async Task FetchAndAckAsync(NatsJSConsumer consumer, int count, int batch, CancellationToken cancellationToken)
    {
        var received = 0;
        while (received < count)
        {
            var opts = new NatsJSFetchOpts { MaxMsgs = Math.Min(batch, count - received), Expires = FetchExpiry };
            await foreach (var msg in consumer.FetchAsync(opts, cancellationToken))
            {
                await msg.AckAsync(cancellationToken: cancellationToken);
                received++;
            }
        }
    }

    private static async Task ConsumeAndAckAsync(NatsJSConsumer consumer, int count, int batch, CancellationToken cancellationToken)
    {
        var received = 0;
        await foreach (var msg in consumer.ConsumeAsync(new NatsJSConsumeOpts { MaxMsgs = batch }, cancellationToken))
        {
            await msg.AckAsync(cancellationToken: cancellationToken);
            if (++received >= count)
                break;
        }
    }
}
