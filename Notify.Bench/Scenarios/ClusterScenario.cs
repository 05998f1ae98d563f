using Notify.Bench.Pipeline;
using Notify.Bench.Runtime;

namespace Notify.Bench.Scenarios;

/// <summary>
/// <c>cluster</c>: what replication costs. The <c>e2e</c> loaded run (Ingest → JetStream → two dispatchers → push at the
/// sandbox) on one NATS node with R1 streams, then on a 3-node JetStream cluster on loopback with every stream and KV
/// bucket R3, one fresh stack after the other in the same run: delivery rate, accept rate, accept→provider latency, and
/// the CPU the NATS nodes took.
/// </summary>
internal static class ClusterScenario
{
    public static Scenario Definition { get; } = new("cluster", "e2e on 1 NATS node (R1), then on a 3-node cluster (R3): rate, latency, NATS CPU", RunAsync);

    /// <summary>Notifications of each loaded run unless <c>--notifications</c> says otherwise.</summary>
    public const int DefaultNotifications = 10_000;

    private const int Users = 1_000;
    private static readonly int[] Shapes = [1, 3];

    private static async Task<object> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var notifications = options.Notifications ?? DefaultNotifications;
        var warmup = Math.Min(options.Warmup, 5_000);
        var runs = new List<ClusterRun>();
        foreach (var nodes in Shapes)
            runs.Add(await RunOnAsync(context, nodes, notifications, warmup, cancellationToken));

        return new ClusterReport(
            "cluster",
            $"Two stacks one after the other, each with 2 dispatchers and everything on this machine: NATS as 1 node (streams R1), then as a 3-node " +
            $"JetStream cluster on loopback (streams and KV buckets R3). {Users} users with contacts; channel push, priority high. Per stack: {warmup} " +
            $"warm-up, then {notifications} from {options.Clients} closed-loop HTTP clients. Latency = sandbox receivedAt minus the client's send time, " +
            "by notification id; accept latency = the HTTP round trip of POST /v1/notifications. Rate = delivered / (last provider receipt minus first send). " +
            "natsCpuSeconds: CPU of every NATS node over the loaded run.",
            runs,
            runs[0].NotificationsPerSec > 0 ? Math.Round(runs[1].NotificationsPerSec / runs[0].NotificationsPerSec, 2) : double.NaN,
            BenchEnvironment.Describe(null, null, null) with { Settings = options.Settings is [] ? null : [.. options.Settings.Select(s => s.ToString())] });
    }

    private static async Task<ClusterRun> RunOnAsync(BenchContext context, int nodes, int notifications, int warmup, CancellationToken cancellationToken)
    {
        var options = context.Options;
        await using var stack = await PipelineStack.StartAsync(context, dispatchers: 2, cancellationToken, natsNodes: nodes);
        using var client = new NotifyApiClient(stack.IngestUrl, options.Clients);
        using var sandbox = new SandboxReader(stack.SandboxUrl);
        var bodies = await client.PreparePushAudienceAsync($"cluster{nodes}", Users, options.Clients, context.Log, cancellationToken);

        context.Log.Info($"{nodes} node(s), warm-up: {warmup} notifications");
        await PushLoad.WarmUpAsync(client, sandbox, bodies, warmup, options.Clients, cancellationToken);

        context.Log.Info($"{nodes} node(s), loaded: {notifications} notifications from {options.Clients} clients");
        var run = await PushLoad.LoadedAsync(stack, client, sandbox, bodies, notifications, options.Clients, cancellationToken);
        context.Log.Info($"{nodes} node(s): {run.Latency.Count} delivered, {run.NotificationsPerSec} notifications/s");
        return new ClusterRun(
            nodes,
            nodes,
            run.Sent,
            run.Load.Failures,
            run.Latency.Count,
            run.Missing,
            run.NotificationsPerSec,
            run.AcceptedPerSec,
            run.Latency,
            run.Load.Latency,
            Math.Round(run.CpuSeconds.Where(p => p.Key.StartsWith("nats", StringComparison.Ordinal)).Sum(p => p.Value), 2),
            run.CpuSeconds);
    }
}

/// <summary>The <c>cluster</c> figures: one run per NATS shape, and the 3-node rate as a share of the 1-node rate.</summary>
internal sealed record ClusterReport(
    string Scenario,
    string Method,
    IReadOnlyList<ClusterRun> Runs,
    double RateRatio3To1,
    BenchEnvironment Environment);

/// <summary>One stack's loaded run.</summary>
internal sealed record ClusterRun(
    int NatsNodes,
    int StreamReplicas,
    int Sent,
    int Failures,
    int Delivered,
    int Missing,
    double NotificationsPerSec,
    double AcceptedPerSec,
    LatencyFigures Latency,
    LatencyFigures AcceptLatency,
    double NatsCpuSeconds,
    Dictionary<string, double> CpuSeconds);
