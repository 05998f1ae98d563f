using NATS.Client.Core;
using NATS.Client.JetStream;
using Notify.Bench.Pipeline;

namespace Notify.Bench.Scenarios;

/// <summary>
/// What a priority's work-queue stream and its <c>dispatch</c> consumer hold once the stack is idle: every delivered
/// notification acked means 0 messages, 0 pending and 0 ack-pending. Messages beyond pending and ack-pending are
/// settled notifications the server kept; ack-pending entries on an idle stack are deliveries the server still waits
/// for (what the ops console shows as in flight).
/// </summary>
internal sealed record QueueLeftovers(string Stream, long Messages, ulong Pending, long AckPending)
{
    private static readonly string[] Streams = ["NOTIFY_CRITICAL", "NOTIFY_HIGH", "NOTIFY_NORMAL", "NOTIFY_LOW"];

    public static async Task<QueueLeftovers[]> ReadAsync(PipelineStack stack, CancellationToken cancellationToken)
    {
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = await stack.NatsConnectionStringAsync(cancellationToken), Name = "bench-leftovers" });
        var js = new NatsJSContext(nats);
        var leftovers = new List<QueueLeftovers>();
        foreach (var name in Streams)
        {
            var stream = await js.GetStreamAsync(name, cancellationToken: cancellationToken);
            var consumer = await js.GetConsumerAsync(name, "dispatch", cancellationToken);
            leftovers.Add(new QueueLeftovers(name, (long)stream.Info.State.Messages, consumer.Info.NumPending, consumer.Info.NumAckPending));
        }
        return [.. leftovers];
    }
}
