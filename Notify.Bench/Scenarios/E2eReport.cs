using Notify.Bench.Pipeline;
using Notify.Bench.Runtime;

namespace Notify.Bench.Scenarios;

/// <summary>The <c>e2e</c> figures (goals: ≥ 10,000 notifications/s sustained; unloaded p99 ≤ 20 ms).</summary>
internal sealed record E2eReport(
    string Scenario,
    string Method,
    E2eUnloaded Unloaded,
    E2eUnloaded UnloadedAfterBurst,
    E2eLoaded Loaded,
    Dictionary<string, double?> PeakRssMb,
    BenchEnvironment Environment);

/// <summary>Accept→provider latency of notifications sent one at a time; how long the stack took to settle before them.</summary>
internal sealed record E2eUnloaded(LatencyFigures Latency, int Missing, double? SettledSeconds);

/// <summary>
/// The loaded run: sustained delivery rate, the rate Ingest accepted at, accept→provider latency, the HTTP accept
/// latency the clients saw, CPU seconds per process over the run and per notification, what the servers and services
/// counted per notification, and the share of all cores the stack and the bench kept
/// busy beside the share the whole machine did (the difference is work outside the bench).
/// </summary>
internal sealed record E2eLoaded(
    int Sent,
    int Failures,
    int Delivered,
    int Missing,
    double NotificationsPerSec,
    double AcceptedPerSec,
    double Seconds,
    LatencyFigures Latency,
    LatencyFigures AcceptLatency,
    Dictionary<string, double> CpuSeconds,
    Dictionary<string, double> CpuMicrosecondsPerNotification,
    SortedDictionary<string, double> PerNotification,
    double CoresBusyStack,
    double CoresBusyMachine);
