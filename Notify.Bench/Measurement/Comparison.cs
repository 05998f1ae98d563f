using System.Text.Json.Serialization;

namespace Notify.Bench.Measurement;

/// <summary>
/// Notify and nats.js on the same workload in the same run. <see cref="Ratio"/> is Notify's median rate over
/// nats.js's: above 1 means Notify is faster. <see cref="Natsjs"/> is null when the peer did not run.
/// </summary>
internal sealed record Comparison(
    ClientFigures Notify,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] ClientFigures? Natsjs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? Ratio)
{
    public static Comparison From(ClientFigures notify, ClientFigures? natsJs) =>
        new(notify, natsJs, natsJs is null ? null : Math.Round(notify.MsgsPerSec / natsJs.MsgsPerSec, 2));
}
