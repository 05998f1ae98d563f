namespace Notify.Bench.NatsJs;

/// <summary>What <c>peer/bench.mjs</c> prints for one timed run.</summary>
internal sealed record NatsJsRun
{
    public string Client { get; init; } = "";
    public string Version { get; init; } = "";
    public string Workload { get; init; } = "";
    public int Count { get; init; }
    public double DurationMs { get; init; }
    public double MsgsPerSec { get; init; }
    public double CpuMs { get; init; }
}
