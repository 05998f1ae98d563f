using System.Text.Json.Serialization;
using Notify.Bench.Measurement;
using Notify.Bench.Runtime;

namespace Notify.Bench.Scenarios;

/// <summary>The JSON of <c>nats-consume</c>: one comparison per way of reading.</summary>
internal sealed record NatsConsumeReport(
    int Messages,
    int PayloadBytes,
    int Batch,
    int Warmup,
    int Repeats,
    Comparison Fetch,
    Comparison Consume,
    string? NatsjsUnavailable,
    BenchEnvironment Environment)
{
    [JsonPropertyOrder(-1)]
    public string Scenario => NatsConsumeScenario.Name;

    public string Storage => "file";
}
