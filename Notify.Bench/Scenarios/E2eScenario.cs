using Notify.Bench.Pipeline;
using Notify.Bench.Runtime;

namespace Notify.Bench.Scenarios;

/// <summary>
/// <c>e2e</c>: notifications through the whole pipeline (Ingest → JetStream → two dispatchers → push at the sandbox),
/// first one at a time (unloaded latency), then <see cref="BenchOptions.Notifications"/> (<see cref="DefaultNotifications"/>) as fast as the clients can
/// send them (sustained rate, latency under load, CPU and peak memory of every process). Latency is the sandbox's
/// <c>receivedAt</c> minus the client's send time, matched by notification id (same machine, same clock).
/// </summary>
internal static class E2eScenario
{
    public static Scenario Definition { get; } = new("e2e", "notifications through the whole pipeline to the sandbox: rate, latency, memory", RunAsync);

    /// <summary>Notifications of the loaded run unless <c>--notifications</c> says otherwise.</summary>
    public const int DefaultNotifications = 20_000;

    private const int Users = 1_000;
    private const int Unloaded = 200;
    private static readonly TimeSpan UnloadedInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(30);

    /// <summary>How long after the last delivery the counters are read: PostgreSQL's backends report their statistics within about a second.</summary>
    private static readonly TimeSpan StatisticsLag = TimeSpan.FromSeconds(2);

    private static async Task<object> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var notifications = options.Notifications ?? DefaultNotifications;
        await using var stack = await PipelineStack.StartAsync(context, dispatchers: 2, cancellationToken);
        using var client = new NotifyApiClient(stack.IngestUrl, options.Clients);
        using var sandbox = new SandboxReader(stack.SandboxUrl);
        var bodies = await client.PreparePushAudienceAsync("e2e", Users, options.Clients, context.Log, cancellationToken);

        var warmup = Math.Min(options.Warmup, 5_000);
        context.Log.Info($"warm-up: {warmup} notifications");
        await PushLoad.WarmUpAsync(client, sandbox, bodies, warmup, options.Clients, cancellationToken);

        context.Log.Info($"right after the warm-up: {Unloaded} notifications, one every {UnloadedInterval.TotalMilliseconds} ms");
        var afterBurst = await PacedAsync(client, sandbox, bodies, cancellationToken);

        context.Log.Info($"waiting until the stack is idle (under {StackIdle.QuietCores} cores for {StackIdle.Window.TotalSeconds} s)");
        var settled = await StackIdle.WaitAsync(stack.Resources, SettleLimit, cancellationToken);
        context.Log.Info($"unloaded: {Unloaded} notifications, one every {UnloadedInterval.TotalMilliseconds} ms");
        var unloaded = await PacedAsync(client, sandbox, bodies, cancellationToken);

        context.Log.Info($"loaded: {notifications} notifications from {options.Clients} clients");
        var counts = await stack.CountAsync(cancellationToken);
        var run = await PushLoad.LoadedAsync(stack, client, sandbox, bodies, notifications, options.Clients, cancellationToken);
        await Task.Delay(StatisticsLag, cancellationToken);
        var perNotification = await counts.PerNotificationAsync(run.Reached);
        context.Log.Info($"loaded: {run.Reached} delivered, {run.NotificationsPerSec} notifications/s");

        return new E2eReport(
            "e2e",
            $"Stack with 2 dispatchers, everything on this machine. {Users} users with contacts; channel push, priority high. " +
            $"Unloaded: {Unloaded} notifications one every {UnloadedInterval.TotalMilliseconds} ms, sent once the stack's processes together used under " +
            $"{StackIdle.QuietCores} of a core for {StackIdle.Window.TotalSeconds} s after the warm-up (settledSeconds: how long that took; null: not within " +
            $"{SettleLimit.TotalSeconds} s); unloadedAfterBurst: the same, sent right after the warm-up. Loaded: {notifications} from " +
            $"{options.Clients} closed-loop HTTP clients after {warmup} warm-up. Latency = sandbox receivedAt minus the client's send time, by notification id. " +
            "Rate = delivered / (last provider receipt minus first send). cpuMicrosecondsPerNotification: each process's CPU over the loaded run " +
            "(postgres with its backends) divided by the notifications delivered; the sandbox and the bench are not Notify. perNotification: " +
            "what the servers and services counted over the loaded run, per notification delivered (NATS messages in/out and JetStream API " +
            "requests, Redis calls per command, PostgreSQL transactions and rows, bytes each service allocated).",
            new E2eUnloaded(unloaded.Latency, unloaded.Missing, settled),
            new E2eUnloaded(afterBurst.Latency, afterBurst.Missing, null),
            new E2eLoaded(
                run.Sent,
                run.Load.Failures,
                run.Latency.Count,
                run.Missing,
                run.NotificationsPerSec,
                run.AcceptedPerSec,
                Math.Round(run.Seconds, 2),
                run.Latency,
                run.Load.Latency,
                run.CpuSeconds,
                run.CpuSeconds.Where(p => p.Key != "machine").ToDictionary(p => p.Key, p => Math.Round(p.Value * 1e6 / Math.Max(run.Reached, 1))),
                perNotification,
                Math.Round(run.CpuSeconds.Where(p => p.Key != "machine").Sum(p => p.Value) / run.DeliverSeconds / Environment.ProcessorCount, 2),
                Math.Round(run.CpuSeconds["machine"] / run.DeliverSeconds / Environment.ProcessorCount, 2)),
            ServiceMemory.PeakRssMb(stack.Resources),
            BenchEnvironment.Describe(null, null, null) with { Settings = context.Options.Settings is [] ? null : [.. context.Options.Settings.Select(s => s.ToString())] });
    }

    /// <summary>Sends <see cref="Unloaded"/> notifications one at a time and matches them with the sandbox's receipts.</summary>
    private static async Task<(LatencyFigures Latency, int Missing, DateTimeOffset? LastReceipt)> PacedAsync(NotifyApiClient client, SandboxReader sandbox,
        string[] bodies, CancellationToken cancellationToken)
    {
        var paced = new SendLog();
        await PacedSender.RunAsync(client, paced, Unloaded, UnloadedInterval, i => bodies[i % Users], cancellationToken);
        await sandbox.WaitForAcceptedAsync(Unloaded, TimeSpan.FromSeconds(30), cancellationToken);
        var figures = paced.Match(await sandbox.PushReceiptsAsync(null, cancellationToken));
        await sandbox.ClearAsync(cancellationToken);
        return figures;
    }
}
