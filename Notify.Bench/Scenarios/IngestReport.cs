using Notify.Bench.Pipeline;
using Notify.Bench.Runtime;

namespace Notify.Bench.Scenarios;

/// <summary>
/// The <c>ingest</c> figures. <see cref="Ratio"/> is Ingest's rate over the bare endpoint's (goal ≥ 0.5); CPU is µs per
/// request of each process (the bench's own process is the client plus, for the bare endpoint, the server).
/// </summary>
internal sealed record IngestReport(
    string Scenario,
    string Method,
    int Clients,
    EndpointFigures Ingest,
    EndpointFigures Bare,
    double Ratio,
    Dictionary<string, double?> PeakRssMb,
    BenchEnvironment Environment);

/// <summary>One endpoint's median-rate run, with the rate of every run.</summary>
internal sealed record EndpointFigures(
    double RequestsPerSec,
    int Requests,
    int Failures,
    double DurationMs,
    LatencyFigures Latency,
    IReadOnlyList<double> Runs,
    Dictionary<string, double>? CpuUsPerRequest)
{
    public static EndpointFigures From(HttpLoad.Result median, IEnumerable<HttpLoad.Result> runs, Dictionary<string, double>? cpu) => new(
        median.RequestsPerSec, median.Requests, median.Failures, Math.Round(median.Elapsed.TotalMilliseconds, 1), median.Latency,
        [.. runs.Select(r => r.RequestsPerSec)], cpu);
}
