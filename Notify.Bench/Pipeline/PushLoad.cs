using System.Diagnostics;

namespace Notify.Bench.Pipeline;

/// <summary>
/// The warm-up and the loaded run the pipeline scenarios share: push notifications from closed-loop clients, then
/// wait for the sandbox to have them all and match its receipts with the sends.
/// </summary>
internal static class PushLoad
{
    /// <summary>Sends <paramref name="count"/> notifications, waits until the sandbox has them, and clears it.</summary>
    public static async Task WarmUpAsync(NotifyApiClient client, SandboxReader sandbox, string[] bodies, int count, int clients,
        CancellationToken cancellationToken)
    {
        await HttpLoad.RunAsync(count, clients, TimeSpan.FromMinutes(2), (i, ct) => client.SendAsync("/v1/notifications", bodies[i % bodies.Length], ct),
            cancellationToken);
        await sandbox.WaitForAcceptedAsync(count, TimeSpan.FromMinutes(2), cancellationToken);
        await sandbox.ClearAsync(cancellationToken);
    }

    /// <summary>
    /// Sends <paramref name="count"/> notifications from <paramref name="clients"/> clients and waits until the sandbox
    /// has them; CPU per process is counted from the first send until then.
    /// </summary>
    public static async Task<Run> LoadedAsync(PipelineStack stack, NotifyApiClient client, SandboxReader sandbox, string[] bodies, int count,
        int clients, CancellationToken cancellationToken)
    {
        var sent = new SendLog();
        var cpu = ProcessCpu.Start(stack.Resources);
        var clock = Stopwatch.StartNew();
        var load = await HttpLoad.RunAsync(count, clients, TimeSpan.FromMinutes(5), (i, ct) => sent.SendAsync(client, bodies[i % bodies.Length], ct),
            cancellationToken);
        var acceptSeconds = clock.Elapsed.TotalSeconds;
        var reached = await sandbox.WaitForAcceptedAsync(sent.Count, TimeSpan.FromMinutes(5), cancellationToken);
        var cpuSeconds = cpu.Seconds();
        var deliverSeconds = clock.Elapsed.TotalSeconds;
        var (latency, missing, lastReceipt) = sent.Match(await sandbox.PushReceiptsAsync(null, cancellationToken));
        var span = lastReceipt is { } last ? (last - sent.First).TotalSeconds : double.NaN;
        return new Run(sent.Count, load, reached, latency, missing, span, acceptSeconds, deliverSeconds, cpuSeconds);
    }

    /// <summary>What a loaded run saw.</summary>
    /// <param name="Sent">Notifications accepted.</param>
    /// <param name="Load">The clients' figures (failures, HTTP accept latency).</param>
    /// <param name="Reached">What the sandbox counted.</param>
    /// <param name="Latency">Send to provider receipt, by notification id.</param>
    /// <param name="Missing">Sent but not matched with a receipt.</param>
    /// <param name="Seconds">First send to last provider receipt.</param>
    /// <param name="AcceptSeconds">How long the sending took.</param>
    /// <param name="DeliverSeconds">First send until the sandbox had them all.</param>
    /// <param name="CpuSeconds">CPU per process over the run (<see cref="ProcessCpu.Seconds"/>).</param>
    public sealed record Run(int Sent, HttpLoad.Result Load, long Reached, LatencyFigures Latency, int Missing, double Seconds, double AcceptSeconds,
        double DeliverSeconds, Dictionary<string, double> CpuSeconds)
    {
        /// <summary>Delivered a second: receipts matched over <see cref="Seconds"/>.</summary>
        public double NotificationsPerSec => Math.Round(Latency.Count / Seconds);

        /// <summary>Accepted a second while sending.</summary>
        public double AcceptedPerSec => Math.Round(Sent / AcceptSeconds);
    }
}
