using NATS.Client.JetStream;
using Notify.Bench.Measurement;
using Notify.Bench.NatsJs;
using Notify.Bench.Runtime;
using Notify.Bench.Workloads;

namespace Notify.Bench.Scenarios;

/// <summary>
/// JetStream async publish with a window of outstanding PubAcks into a file-storage stream, NATS.Net and nats.js
/// taking turns on the same server, each run on a fresh stream that is deleted afterwards. NATS.Net's figures are
/// reported under <c>notify</c>, the field that held Notify's own client before it moved to NATS.Net.
/// </summary>
internal static class NatsPublishScenario
{
    public const string Name = "nats-publish";

    public static Scenario Definition { get; } =
        new(Name, "windowed async JetStream publish into a file stream (NATS.Net vs nats.js)", RunAsync);

    private static async Task<object> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var server = await context.GetNatsServerAsync(cancellationToken);
        var natsJs = await context.GetNatsJsAsync(cancellationToken);
        await using var admin = await context.ConnectAsync("notify-bench-admin", cancellationToken);
        var js = new NatsJSContext(admin);
        var payload = new byte[options.PayloadSize];
        Array.Fill(payload, (byte)'x');

        async Task<Sample> RunNotifyAsync(int repeat)
        {
            var stream = await BenchStream.CreateAsync(js, $"PUBLISH_NOTIFY_{repeat}", cancellationToken);
            Sample sample;
            await using (var connection = await context.ConnectAsync("notify-bench", cancellationToken))
            {
                sample = await NatsNetPublishWorkload.RunAsync(connection, stream.Subject, payload,
                    options.Warmup, options.Count, options.Window, cancellationToken);
            }
            await stream.VerifyStoredAsync(js, options.Warmup + options.Count, cancellationToken);
            await stream.DeleteAsync(js, cancellationToken);
            context.Log.Info($"publish notify  run {repeat + 1}: {sample.MsgsPerSec:F0} msg/s, {sample.CpuUsPerMsg:F1} µs CPU and {sample.BytesPerMsg:F0} B allocated per msg");
            return sample;
        }

        async Task<Sample> RunNatsJsAsync(NatsJsPeer peer, int repeat)
        {
            var stream = await BenchStream.CreateAsync(js, $"PUBLISH_NATSJS_{repeat}", cancellationToken);
            var sample = await peer.RunAsync("publish", PeerArguments.Of(
                ("url", server.ConnectionString), ("stream", stream.Name), ("subject", stream.Subject),
                ("count", options.Count), ("payload", options.PayloadSize), ("window", options.Window), ("warmup", options.Warmup)),
                cancellationToken);
            await stream.VerifyStoredAsync(js, options.Warmup + options.Count, cancellationToken);
            await stream.DeleteAsync(js, cancellationToken);
            context.Log.Info($"publish nats.js run {repeat + 1}: {sample.MsgsPerSec:F0} msg/s, {sample.CpuUsPerMsg:F1} µs CPU per msg");
            return sample;
        }

        var peer = natsJs.Peer;
        var (notify, natsJsSamples) = await AlternatingRuns.RunAsync(options.Repeats, RunNotifyAsync,
            peer is null ? null : repeat => RunNatsJsAsync(peer, repeat));

        var comparison = Comparison.From(
            ClientFigures.From(NatsNetClient.Name, NatsNetClient.Version, notify, options.PayloadSize),
            natsJsSamples is null ? null : ClientFigures.From("nats.js", peer!.NatsJsVersion, natsJsSamples, options.PayloadSize));
        return new NatsPublishReport(options.Count, options.PayloadSize, options.Window, options.Warmup, options.Repeats,
            comparison.Notify, comparison.Natsjs, comparison.Ratio, natsJs.Reason, context.Describe(admin));
    }
}
