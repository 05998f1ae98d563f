using Notify.Bench.Measurement;
using Notify.Bench.Pipeline;
using Notify.Bench.Runtime;

namespace Notify.Bench.Scenarios;

/// <summary>
/// <c>ingest</c>: single-notification POSTs to Ingest (stack with NATS and no dispatcher, so only the accept path is
/// measured: auth, validation, JetStream publish and PubAck) beside a bare ASP.NET Core endpoint in the bench's own
/// process, driven by the same client in the same run, alternating; the median-rate run of each is reported.
/// </summary>
internal static class IngestScenario
{
    public static Scenario Definition { get; } = new("ingest", "POST /v1/notifications throughput and latency beside a bare endpoint", RunAsync);

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static async Task<object> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        await using var stack = await PipelineStack.StartAsync(context, dispatchers: 0, cancellationToken);
        await using var bare = await BareEndpoint.StartAsync(cancellationToken);
        using var ingest = new NotifyApiClient(stack.IngestUrl, options.Clients);
        using var yardstick = new NotifyApiClient(bare.Url, options.Clients);
        var bodies = Enumerable.Range(0, 1_000)
            .Select(i => NotifyApiClient.Body($"user-{i}", "order.out_for_delivery", "high", "push"))
            .ToArray();

        var warmup = Math.Min(options.Warmup, 10_000);
        context.Log.Info($"warm-up: {warmup} requests to each endpoint");
        await RunAsync(yardstick, bodies, warmup, options.Clients, cancellationToken);
        await RunAsync(ingest, bodies, warmup, options.Clients, cancellationToken);

        var bareRuns = new List<HttpLoad.Result>();
        var ingestRuns = new List<HttpLoad.Result>();
        var cpu = new List<Dictionary<string, double>>();
        for (var repeat = 0; repeat < options.Repeats; repeat++)
        {
            bareRuns.Add(await RunAsync(yardstick, bodies, options.Requests, options.Clients, cancellationToken));
            context.Log.Info($"bare endpoint: {bareRuns[^1].RequestsPerSec} req/s, p99 {bareRuns[^1].Latency.P99Ms} ms");
            var counter = ProcessCpu.Start([stack.Process("ingest"), stack.Process("nats")]);
            ingestRuns.Add(await RunAsync(ingest, bodies, options.Requests, options.Clients, cancellationToken));
            cpu.Add(counter.Seconds());
            context.Log.Info($"ingest: {ingestRuns[^1].RequestsPerSec} req/s, p99 {ingestRuns[^1].Latency.P99Ms} ms");
        }

        var bareMedian = MedianRun(bareRuns);
        var ingestMedian = MedianRun(ingestRuns);
        var ingestCpu = cpu[ingestRuns.IndexOf(ingestMedian)];
        return new IngestReport(
            "ingest",
            $"{options.Clients} HTTP/1.1 keep-alive clients, closed loop, {options.Requests} requests per run (at most {Limit.TotalSeconds} s), " +
            $"{options.Repeats} alternating runs per endpoint after {warmup} warm-up requests each; median-rate run reported. " +
            "Stack: Ingest and NATS (redis, postgres and sandbox running idle), zero dispatchers: the accept path only.",
            options.Clients,
            EndpointFigures.From(ingestMedian, ingestRuns, CpuPerRequest(ingestCpu, ingestMedian)),
            EndpointFigures.From(bareMedian, bareRuns, null),
            Math.Round(ingestMedian.RequestsPerSec / bareMedian.RequestsPerSec, 2),
            ServiceMemory.PeakRssMb([stack.Process("ingest"), stack.Process("nats")]),
            BenchEnvironment.Describe(null, null, null) with { Settings = context.Options.Settings is [] ? null : [.. context.Options.Settings.Select(s => s.ToString())] });
    }

    private static Task<HttpLoad.Result> RunAsync(NotifyApiClient client, string[] bodies, int requests, int clients, CancellationToken cancellationToken) =>
        HttpLoad.RunAsync(requests, clients, Limit, (i, ct) => client.SendAsync("/v1/notifications", bodies[i % bodies.Length], ct), cancellationToken);

    private static HttpLoad.Result MedianRun(List<HttpLoad.Result> runs) => runs.OrderBy(r => r.RequestsPerSec).ElementAt(runs.Count / 2);

    private static Dictionary<string, double> CpuPerRequest(Dictionary<string, double> seconds, HttpLoad.Result run) =>
        seconds.ToDictionary(p => p.Key, p => Math.Round(p.Value * 1e6 / run.Requests, 1));
}
