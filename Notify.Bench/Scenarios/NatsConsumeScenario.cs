using NATS.Client.JetStream;
using Notify.Bench.Measurement;
using Notify.Bench.NatsJs;
using Notify.Bench.Runtime;
using Notify.Bench.Workloads;

namespace Notify.Bench.Scenarios;

/// <summary>
/// Durable pull consumer with explicit ack over a pre-filled file-storage stream, read with fetch (batches) and
/// with continuous consume. Every run gets a fresh durable consumer on the same stream, so every client reads
/// the same messages from the start; a second consumer is read first, untimed, as the warm-up. NATS.Net's figures are
/// reported under <c>notify</c>, the field that held Notify's own client before it moved to NATS.Net.
/// </summary>
internal static class NatsConsumeScenario
{
    public const string Name = "nats-consume";

    public static Scenario Definition { get; } =
        new(Name, "durable pull consumer, fetch + ack and consume + ack (NATS.Net vs nats.js)", RunAsync);

    private static async Task<object> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var natsJs = await context.GetNatsJsAsync(cancellationToken);
        await using var admin = await context.ConnectAsync("notify-bench-admin", cancellationToken);
        var js = new NatsJSContext(admin);
        var warmup = Math.Min(options.Warmup, options.Count);

        var stream = await BenchStream.CreateAsync(js, "CONSUME", cancellationToken);
        var payload = new byte[options.PayloadSize];
        Array.Fill(payload, (byte)'x');
        context.Log.Info($"pre-filling {stream.Name} with {options.Count} messages");
        await NatsNetPublishWorkload.PublishAsync(js, stream.Subject, payload, options.Count, options.Window, cancellationToken);
        await stream.VerifyStoredAsync(js, options.Count, cancellationToken);

        var runs = new ConsumeRuns(context, js, stream, natsJs.Peer, warmup);
        var fetch = await runs.CompareAsync(ConsumeMode.Fetch, cancellationToken);
        var consume = await runs.CompareAsync(ConsumeMode.Consume, cancellationToken);
        await stream.DeleteAsync(js, cancellationToken);
        return new NatsConsumeReport(options.Count, options.PayloadSize, options.Batch, warmup, options.Repeats,
            fetch, consume, natsJs.Reason, context.Describe(admin));
    }

    private sealed class ConsumeRuns(BenchContext context, INatsJSContext js, BenchStream stream, NatsJsPeer? peer, int warmup)
    {
        private BenchOptions Options => context.Options;

        public async Task<Comparison> CompareAsync(ConsumeMode mode, CancellationToken cancellationToken)
        {
            var (notify, natsJs) = await AlternatingRuns.RunAsync(Options.Repeats,
                repeat => RunNotifyAsync(mode, repeat, cancellationToken),
                peer is null ? null : repeat => RunNatsJsAsync(peer, mode, repeat, cancellationToken));
            return Comparison.From(
                ClientFigures.From(NatsNetClient.Name, NatsNetClient.Version, notify, Options.PayloadSize),
                natsJs is null ? null : ClientFigures.From("nats.js", peer!.NatsJsVersion, natsJs, Options.PayloadSize));
        }

        private async Task<Sample> RunNotifyAsync(ConsumeMode mode, int repeat, CancellationToken cancellationToken)
        {
            var (warm, timed) = await CreateConsumersAsync("NOTIFY", mode, repeat, cancellationToken);
            Sample sample;
            await using (var connection = await context.ConnectAsync("notify-bench", cancellationToken))
            {
                var client = new NatsJSContext(connection);
                if (warmup > 0)
                    await NatsNetConsumeWorkload.ReadAsync(connection, await client.GetConsumerAsync(stream.Name, warm, cancellationToken),
                        mode, warmup, Options.Batch, cancellationToken);
                var consumer = await client.GetConsumerAsync(stream.Name, timed, cancellationToken);
                sample = await NatsNetConsumeWorkload.RunAsync(connection, consumer, mode, Options.Count, Options.Batch, cancellationToken);
            }
            await VerifyAndDeleteConsumersAsync(warm, timed, cancellationToken);
            context.Log.Info($"{Label(mode)} notify  run {repeat + 1}: {sample.MsgsPerSec:F0} msg/s, {sample.CpuUsPerMsg:F1} µs CPU and {sample.BytesPerMsg:F0} B allocated per msg");
            return sample;
        }

        private async Task<Sample> RunNatsJsAsync(NatsJsPeer natsJs, ConsumeMode mode, int repeat, CancellationToken cancellationToken)
        {
            var (warm, timed) = await CreateConsumersAsync("NATSJS", mode, repeat, cancellationToken);
            var server = await context.GetNatsServerAsync(cancellationToken);
            var sample = await natsJs.RunAsync(Label(mode), PeerArguments.Of(
                ("url", server.ConnectionString), ("stream", stream.Name), ("consumer", timed), ("count", Options.Count),
                ("batch", Options.Batch), ("warmup-consumer", warm), ("warmup", warmup)),
                cancellationToken);
            await VerifyAndDeleteConsumersAsync(warm, timed, cancellationToken);
            context.Log.Info($"{Label(mode)} nats.js run {repeat + 1}: {sample.MsgsPerSec:F0} msg/s, {sample.CpuUsPerMsg:F1} µs CPU per msg");
            return sample;
        }

        private async Task<(string Warm, string Timed)> CreateConsumersAsync(string client, ConsumeMode mode, int repeat, CancellationToken cancellationToken)
        {
            var suffix = $"{client}_{Label(mode).ToUpperInvariant()}_{repeat}";
            return (await stream.CreateConsumerAsync(js, $"WARM_{suffix}", cancellationToken),
                await stream.CreateConsumerAsync(js, $"TIMED_{suffix}", cancellationToken));
        }

        private async Task VerifyAndDeleteConsumersAsync(string warm, string timed, CancellationToken cancellationToken)
        {
            await stream.VerifyAckedAsync(js, timed, Options.Count, cancellationToken);
            await js.DeleteConsumerAsync(stream.Name, warm, cancellationToken);
            await js.DeleteConsumerAsync(stream.Name, timed, cancellationToken);
        }

        private static string Label(ConsumeMode mode) => mode == ConsumeMode.Fetch ? "fetch" : "consume";
    }
}
