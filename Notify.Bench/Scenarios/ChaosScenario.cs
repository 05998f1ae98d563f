using System.Collections.Concurrent;
using System.Diagnostics;
using Notify.Bench.Pipeline;
using Notify.Bench.Runtime;

namespace Notify.Bench.Scenarios;

/// <summary>
/// <c>chaos</c>: what a dispatcher crash and a dispatcher stop cost, seen through the public API and the provider.
/// <see cref="BenchOptions.Notifications"/> (<see cref="DefaultNotifications"/>) push notifications to many users go in
/// at a steady pace while, every <see cref="KillEvery"/>, one of the two dispatchers (in turn) is signalled and started
/// again with its start command; once the last is sent the signals stop and the stack is left to finish. Run twice on
/// one stack: with SIGKILL (a crash), then with SIGTERM (a rolling update or a scale-in). Lost: accepted notifications
/// the provider has not received <see cref="SettleLimit"/> after the last send (redeliveries come after the 30 s ack wait). Duplicates:
/// pushes beyond the first for one notification (FCM has no idempotency key, and the sandbox delivers a repeat as FCM does).
/// </summary>
internal static class ChaosScenario
{
    public static Scenario Definition { get; } = new("chaos", "dispatchers SIGKILLed, then SIGTERMed, every 3 s under load: lost and duplicate pushes", RunAsync);

    /// <summary>Notifications per run unless <c>--notifications</c> says otherwise.</summary>
    public const int DefaultNotifications = 3_000;

    private const int Users = 1_000;
    private const int PerSecond = 100;
    private static readonly TimeSpan KillEvery = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ProviderLatency = TimeSpan.FromMilliseconds(50);

    /// <summary>How long to wait for the last delivery: the ack wait (30 s by default) brings a killed replica's work back, and some more.</summary>
    private static readonly TimeSpan SettleLimit = TimeSpan.FromMinutes(3);

    private static async Task<object> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var notifications = options.Notifications ?? DefaultNotifications;
        await using var stack = await PipelineStack.StartAsync(context, dispatchers: 2, cancellationToken);
        using var client = new NotifyApiClient(stack.IngestUrl, options.Clients);
        using var sandbox = new SandboxReader(stack.SandboxUrl);
        var bodies = await client.PreparePushAudienceAsync("chaos", Users, options.Clients, context.Log, cancellationToken);
        await sandbox.AddPushLatencyAsync(ProviderLatency, cancellationToken);

        var killed = await RunOnceAsync(context, stack, client, sandbox, bodies, notifications, ProcessSignal.Kill, "SIGKILL", cancellationToken);
        var terminated = await RunOnceAsync(context, stack, client, sandbox, bodies, notifications, ProcessSignal.Terminate, "SIGTERM", cancellationToken);

        return new ChaosReport(
            "chaos",
            $"Stack with 2 dispatchers, default settings (ack wait 30 s). {notifications} high-priority push notifications to {Users} users, " +
            $"{PerSecond} a second through POST /v1/notifications; the sandbox answers every push after {ProviderLatency.TotalMilliseconds} ms. " +
            $"From the first send to the last, one dispatcher (in turn) is signalled {KillEvery.TotalSeconds} s after the previous restart was healthy " +
            "and started again with its resource's start command (restartSeconds: signal to healthy); then no more signals. lost = accepted but not at " +
            $"the sandbox {SettleLimit.TotalMinutes} min after the last send; duplicates = pushes beyond the first for one notification.",
            killed,
            terminated,
            BenchEnvironment.Describe(null, null, null) with { Settings = options.Settings is [] ? null : [.. options.Settings.Select(s => s.ToString())] });
    }

    private static async Task<ChaosRun> RunOnceAsync(BenchContext context, PipelineStack stack, NotifyApiClient client, SandboxReader sandbox,
        string[] bodies, int notifications, int signal, string signalName, CancellationToken cancellationToken)
    {
        await sandbox.ClearAsync(cancellationToken);
        context.Log.Info($"{signalName}: {notifications} notifications at {PerSecond}/s, a dispatcher signalled every {KillEvery.TotalSeconds} s");
        var accepted = new ConcurrentBag<Guid>();
        var refused = 0;
        using var stopSignalling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var signals = new List<double>();
        var restarts = new List<double>();
        var started = DateTimeOffset.UtcNow;
        var signalling = SignalInTurnAsync(stack, signal, signals, restarts, stopSignalling.Token);
        var clock = Stopwatch.StartNew();

        var sends = new List<Task>(notifications);
        using (var pace = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / PerSecond)))
        {
            for (var i = 0; i < notifications; i++)
            {
                var body = bodies[i % bodies.Length];
                sends.Add(SendAsync(client, body, accepted, () => Interlocked.Increment(ref refused), cancellationToken));
                await pace.WaitForNextTickAsync(cancellationToken);
            }
        }
        await Task.WhenAll(sends);
        var sendSeconds = clock.Elapsed.TotalSeconds;
        await stopSignalling.CancelAsync();
        await signalling;
        context.Log.Info($"{signalName}: {accepted.Count} accepted, {refused} refused in {sendSeconds:F1} s, {signals.Count} signals; waiting for every delivery");

        var ids = accepted.ToHashSet();
        Dictionary<Guid, int> pushes;
        var deadline = DateTime.UtcNow + SettleLimit;
        while (true)
        {
            pushes = await sandbox.PushCountsAsync(cancellationToken);
            if (ids.All(pushes.ContainsKey) || DateTime.UtcNow > deadline)
                break;
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
        var deliveredSeconds = clock.Elapsed.TotalSeconds;
        // A duplicate can still arrive after the last first push: a redelivery of work the last signal cut short.
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        pushes = await sandbox.PushCountsAsync(cancellationToken);

        var origins = await DuplicateOrigins.ReadAsync(sandbox, ids, [.. signals.Select(s => started + TimeSpan.FromSeconds(s))], context.Log, cancellationToken);
        var leftovers = await QueueLeftovers.ReadAsync(stack, cancellationToken);
        context.Log.Info($"{signalName}: left in the queues: {string.Join(", ", leftovers.Select(l => $"{l.Stream} {l.Messages} messages, {l.Pending} pending, {l.AckPending} ack-pending"))}");
        var lost = ids.Count(id => !pushes.ContainsKey(id));
        var duplicates = ids.Sum(id => Math.Max(0, pushes.GetValueOrDefault(id) - 1));
        var duplicated = ids.Count(id => pushes.GetValueOrDefault(id) > 1);
        context.Log.Info($"{signalName}: {signals.Count} signals, {lost} lost, {duplicates} duplicate pushes");
        return new ChaosRun(
            signalName,
            notifications,
            ids.Count,
            refused,
            lost,
            duplicates,
            duplicated,
            signals.Count,
            signals.Count == 0 ? null : Math.Round((double)duplicates / signals.Count, 2),
            [.. signals.Select(s => Math.Round(s, 1))],
            [.. restarts.Select(s => Math.Round(s, 1))],
            Math.Round(sendSeconds, 1),
            Math.Round(deliveredSeconds, 1),
            origins,
            leftovers);
    }

    private static async Task SendAsync(NotifyApiClient client, string body, ConcurrentBag<Guid> accepted, Action refused,
        CancellationToken cancellationToken)
    {
        try
        {
            accepted.Add(await client.SendAsync("/v1/notifications", body, cancellationToken));
        }
        catch (HttpRequestException)
        {
            refused();
        }
    }

    /// <summary>Signals dispatcher 0, 1, 0, … with <see cref="KillEvery"/> between a healthy restart and the next signal; notes when each was sent.</summary>
    private static async Task SignalInTurnAsync(PipelineStack stack, int signal, List<double> signalledAt, List<double> restartSeconds, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        for (var replica = 0; ; replica = 1 - replica)
        {
            try
            {
                await Task.Delay(KillEvery, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var at = clock.Elapsed;
            signalledAt.Add(at.TotalSeconds);
            // Once signalled, the replica is started again even when the sending is over: the run needs both.
            await stack.SignalAndRestartDispatcherAsync(replica, signal, CancellationToken.None);
            restartSeconds.Add((clock.Elapsed - at).TotalSeconds);
        }
    }
}

/// <summary>The <c>chaos</c> figures (goals: 0 lost; at most 1 duplicate per SIGKILL; 0 duplicates with SIGTERM).</summary>
internal sealed record ChaosReport(string Scenario, string Method, ChaosRun Sigkill, ChaosRun Sigterm, BenchEnvironment Environment);

/// <summary>One run: what went in, what was lost, what was pushed twice, and when each signal was sent (seconds from the first send).</summary>
internal sealed record ChaosRun(
    string Signal,
    int Sent,
    int Accepted,
    int Refused,
    int Lost,
    int DuplicatePushes,
    int NotificationsPushedTwice,
    int Signals,
    double? DuplicatesPerSignal,
    double[] SignalledAtSeconds,
    double[] RestartSeconds,
    double SendSeconds,
    double DeliveredSeconds,
    DuplicateOrigins DuplicateOrigins,
    QueueLeftovers[] Leftovers);
