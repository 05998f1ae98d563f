using System.Diagnostics;
using Notify.Bench.Measurement;
using Notify.Bench.Pipeline;
using Notify.Bench.Runtime;

namespace Notify.Bench.Scenarios;

/// <summary>
/// <c>priority</c>: accept→provider latency of critical notifications sent one at a time, first on an idle pipeline,
/// then while <see cref="BenchOptions.Backlog"/> low notifications wait in their stream. The backlog goes in through
/// Ingest's batch endpoint while the dispatchers are stopped, so all of it is queued when they start again. Critical is
/// measured twice under the backlog: at once (the restarted dispatchers' user profile caches are empty), and after
/// every backlog user's profile has been loaded; the report says how much backlog was queued at each start and end.
/// The whole run is repeated <see cref="BenchOptions.Repeats"/> times, each on a stack of its own; the ratios reported
/// are the medians of the runs'.
/// </summary>
internal static class PriorityScenario
{
    public static Scenario Definition { get; } = new("priority", "critical latency with a low-priority backlog queued, beside none", RunAsync);

    private const int LowUsers = 1_000;
    private const int BatchSize = 1_000;
    private const int FillClients = 4;
    private const string CriticalUser = "vip-courier";
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);
    private const int WarmDelivered = 2 * LowUsers;
    private static readonly TimeSpan DrainHead = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan WarmLimit = TimeSpan.FromSeconds(120);

    private static async Task<object> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var runs = new List<PriorityRun>();
        for (var repeat = 1; repeat <= options.Repeats; repeat++)
        {
            context.Log.Info($"run {repeat} of {options.Repeats}");
            runs.Add(await RunOnceAsync(context, cancellationToken));
            context.Log.Info($"run {repeat}: critical p99 {runs[^1].NoBacklog.Latency.P99Ms} ms without backlog, " +
                $"{runs[^1].WithBacklog.Latency.P99Ms} ms with it (ratio {runs[^1].P99Ratio})");
        }
        return new PriorityReport(
            "priority",
            $"{options.Repeats} runs, each on a stack of its own with 2 dispatchers. Critical: {options.Critical} push notifications to one user " +
            $"per measurement, one every {Interval.TotalMilliseconds} ms, latency = sandbox receivedAt minus the client's send time. " +
            $"Backlog: {options.Backlog} low push notifications to {LowUsers} users, queued through POST /v1/notifications/batch " +
            $"({BatchSize} per request, {FillClients} at a time) while both dispatchers were stopped; withBacklogCold: critical sends start " +
            $"{DrainHead.TotalSeconds} s after the dispatchers are healthy again (their user profile caches empty); withBacklog: once " +
            $"{WarmDelivered} low are delivered (every user's profile loaded). Each run's ratios compare its withBacklog to its noBacklog; " +
            "p99Ratio and p50Ratio are the medians of the runs'.",
            Math.Round(ClientFigures.Median(runs.Select(r => r.P99Ratio)), 2),
            Math.Round(ClientFigures.Median(runs.Select(r => r.P50Ratio)), 2),
            [.. runs.Select(r => r.P99Ratio)],
            runs,
            BenchEnvironment.Describe(null, null, null) with { Settings = context.Options.Settings is [] ? null : [.. context.Options.Settings.Select(s => s.ToString())] });
    }

    private static async Task<PriorityRun> RunOnceAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        await using var stack = await PipelineStack.StartAsync(context, dispatchers: 2, cancellationToken);
        using var client = new NotifyApiClient(stack.IngestUrl, 64);
        using var sandbox = new SandboxReader(stack.SandboxUrl);
        var critical = NotifyApiClient.Body(CriticalUser, "order.out_for_delivery", "critical", "push");
        var low = Enumerable.Range(0, LowUsers).Select(i => NotifyApiClient.Body($"promo-{i}", "promo.weekend", "low", "push")).ToArray();

        await HttpLoad.RunAsync(LowUsers + 1, 64, TimeSpan.FromMinutes(2),
            (i, ct) => client.PutContactsAsync(i == LowUsers ? CriticalUser : $"promo-{i}", ct), cancellationToken);
        var warmup = Math.Min(options.Warmup, 2_000);
        context.Log.Info($"warm-up: {warmup} notifications");
        await HttpLoad.RunAsync(warmup, 64, TimeSpan.FromMinutes(2),
            (i, ct) => client.SendAsync("/v1/notifications", i % 2 == 0 ? critical : low[i % LowUsers], ct), cancellationToken);
        await sandbox.WaitForAcceptedAsync(warmup, TimeSpan.FromMinutes(2), cancellationToken);
        await sandbox.ClearAsync(cancellationToken);

        context.Log.Info($"no backlog: {options.Critical} critical, one every {Interval.TotalMilliseconds} ms");
        var idle = await MeasureCriticalAsync(client, sandbox, critical, options.Critical, cancellationToken);
        await sandbox.ClearAsync(cancellationToken);

        context.Log.Info($"dispatchers stopped; queueing {options.Backlog} low through the batch endpoint");
        await stack.StopDispatchersAsync(cancellationToken);
        var fill = Stopwatch.StartNew();
        var batches = (options.Backlog + BatchSize - 1) / BatchSize;
        var queued = 0;
        await HttpLoad.RunAsync(batches, FillClients, TimeSpan.FromMinutes(5), async (b, ct) =>
        {
            var size = Math.Min(BatchSize, options.Backlog - b * BatchSize);
            Interlocked.Add(ref queued, await client.SendBatchAsync(Enumerable.Range(b * BatchSize, size).Select(i => low[i % LowUsers]), ct));
        }, cancellationToken);
        var fillSeconds = fill.Elapsed.TotalSeconds;
        context.Log.Info($"queued {queued} in {fillSeconds:F1} s; starting the dispatchers");

        var cpu = ProcessCpu.Start(stack.Resources);
        await stack.StartDispatchersAsync(cancellationToken);
        await Task.Delay(DrainHead, cancellationToken);
        context.Log.Info("dispatchers restarted (profile caches cold); measuring");
        var cold = await MeasureUnderBacklogAsync(client, sandbox, critical, options, 0, cancellationToken);

        context.Log.Info($"waiting until {WarmDelivered} low are delivered (every user's profile cached)");
        await sandbox.WaitForAcceptedAsync(WarmDelivered + cold.Figures.Latency.Count, WarmLimit, cancellationToken);
        context.Log.Info("measuring with warm caches");
        var drain = Stopwatch.StartNew();
        var warm = await MeasureUnderBacklogAsync(client, sandbox, critical, options, cold.Figures.Latency.Count, cancellationToken);
        var drainSeconds = drain.Elapsed.TotalSeconds;
        var cpuSeconds = cpu.Seconds();

        return new PriorityRun(
            new CriticalFigures(idle.Latency, idle.Missing, null, null),
            cold.Figures,
            warm.Figures,
            Ratio(warm.Figures.Latency.P99Ms, idle.Latency.P99Ms),
            Ratio(warm.Figures.Latency.P50Ms, idle.Latency.P50Ms),
            new BacklogFill(queued, Math.Round(fillSeconds, 2), Math.Round(queued / fillSeconds)),
            Math.Round((warm.LowAtEnd - warm.LowAtStart) / drainSeconds),
            cpuSeconds,
            ServiceMemory.PeakRssMb(stack.Resources),
            BenchEnvironment.ReadLoadAverage());
    }

    /// <summary>Critical latency, with the low notifications delivered before and after (the sandbox's count less <paramref name="criticalBefore"/> and the critical ones).</summary>
    private static async Task<(CriticalFigures Figures, long LowAtStart, long LowAtEnd)> MeasureUnderBacklogAsync(NotifyApiClient client,
        SandboxReader sandbox, string body, BenchOptions options, int criticalBefore, CancellationToken cancellationToken)
    {
        var backlog = options.Backlog;
        var lowAtStart = await sandbox.AcceptedAsync(cancellationToken) - criticalBefore;
        var (latency, missing) = await MeasureCriticalAsync(client, sandbox, body, options.Critical, cancellationToken);
        var lowAtEnd = await sandbox.AcceptedAsync(cancellationToken) - criticalBefore - latency.Count;
        return (new CriticalFigures(latency, missing, backlog - lowAtStart, backlog - lowAtEnd), lowAtStart, lowAtEnd);
    }

    private static async Task<(LatencyFigures Latency, int Missing)> MeasureCriticalAsync(NotifyApiClient client, SandboxReader sandbox, string body,
        int count, CancellationToken cancellationToken)
    {
        var log = new SendLog();
        await PacedSender.RunAsync(client, log, count, Interval, _ => body, cancellationToken);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var (latency, missing, _) = log.Match(await sandbox.PushReceiptsAsync(CriticalUser, cancellationToken));
            if (missing == 0 || DateTime.UtcNow > deadline)
                return (latency, missing);
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    private static double Ratio(double busy, double idle) => Math.Round(busy / idle, 2);

}
