using Notify.Bench.Pipeline;
using Notify.Bench.Runtime;

namespace Notify.Bench.Scenarios;

/// <summary>
/// The <c>priority</c> figures. <see cref="P99Ratio"/> is critical's p99 with the backlog over its p99 without (goal ≤ 2);
/// <see cref="LowDrainPerSec"/> is how fast the dispatchers delivered the backlog meanwhile.
/// </summary>
internal sealed record PriorityReport(
    string Scenario,
    string Method,
    CriticalFigures NoBacklog,
    CriticalFigures WithBacklogCold,
    CriticalFigures WithBacklog,
    double P99Ratio,
    double P50Ratio,
    BacklogFill Fill,
    double LowDrainPerSec,
    Dictionary<string, double> CpuSecondsWhileDraining,
    Dictionary<string, double?> PeakRssMb,
    BenchEnvironment Environment);

/// <summary>Critical accept→provider latency, and the low notifications still queued when the critical sends began and ended.</summary>
internal sealed record CriticalFigures(LatencyFigures Latency, int Missing, long? BacklogAtStart, long? BacklogAtEnd);

/// <summary>How the backlog was queued.</summary>
internal sealed record BacklogFill(int Queued, double Seconds, double PerSec);
