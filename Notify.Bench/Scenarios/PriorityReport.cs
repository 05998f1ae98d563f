using Notify.Bench.Pipeline;
using Notify.Bench.Runtime;

namespace Notify.Bench.Scenarios;

/// <summary>
/// The <c>priority</c> figures: <see cref="P99Ratio"/> is the median over the runs of critical's p99 with the backlog over
/// its p99 without (goal ≤ 2); each run's own figures are in <see cref="Runs"/>.
/// </summary>
internal sealed record PriorityReport(
    string Scenario,
    string Method,
    double P99Ratio,
    double P50Ratio,
    IReadOnlyList<double> P99Ratios,
    IReadOnlyList<PriorityRun> Runs,
    BenchEnvironment Environment);

/// <summary>
/// One run of <c>priority</c>. <see cref="P99Ratio"/> is critical's p99 with the backlog over its p99 without;
/// <see cref="LowDrainPerSec"/> is how fast the dispatchers delivered the backlog meanwhile.
/// </summary>
internal sealed record PriorityRun(
    CriticalFigures NoBacklog,
    CriticalFigures WithBacklogCold,
    CriticalFigures WithBacklog,
    double P99Ratio,
    double P50Ratio,
    BacklogFill Fill,
    double LowDrainPerSec,
    Dictionary<string, double> CpuSecondsWhileDraining,
    Dictionary<string, double?> PeakRssMb,
    string? LoadAverage);

/// <summary>Critical accept→provider latency, and the low notifications still queued when the critical sends began and ended.</summary>
internal sealed record CriticalFigures(LatencyFigures Latency, int Missing, long? BacklogAtStart, long? BacklogAtEnd);

/// <summary>How the backlog was queued.</summary>
internal sealed record BacklogFill(int Queued, double Seconds, double PerSec);
