using System.Text.Json.Serialization;
using Notify.Bench.Measurement;
using Notify.Bench.Runtime;

namespace Notify.Bench.Scenarios;

/// <summary>The JSON of <c>nats-publish</c>.</summary>
internal sealed record NatsPublishReport(
    int Messages,
    int PayloadBytes,
    int Window,
    int Warmup,
    int Repeats,
    ClientFigures Notify,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] ClientFigures? Natsjs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? Ratio,
    string? NatsjsUnavailable,
    BenchEnvironment Environment)
{
    [JsonPropertyOrder(-1)]
    public string Scenario => NatsPublishScenario.Name;

    public string Storage => "file";

    /// <summary>How each client keeps its window full; each uses the form that is fastest for it (see docs/benchmarks.md).</summary>
    public string Windowing => "nats.net: sliding (waits for the oldest PubAck when the window is full); "
        + "nats.js: chunked (publishes a window, then waits for all of its PubAcks)";
}
