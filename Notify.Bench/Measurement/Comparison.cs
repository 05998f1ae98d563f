using System.Text.Json.Serialization;

namespace Notify.Bench.Measurement;

/// <summary>
/// The .NET client (NATS.Net; the field keeps the name <c>notify</c> it had when Notify ran its own client) and
/// nats.js on the same workload in the same run. <see cref="Ratio"/> is the .NET client's median rate over
/// nats.js's: above 1 means it is faster. <see cref="Natsjs"/> is null when the peer did not run.
/// </summary>
internal sealed record Comparison(
    ClientFigures Notify,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] ClientFigures? Natsjs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? Ratio)
{
    public static Comparison From(ClientFigures notify, ClientFigures? natsJs) =>
        new(notify, natsJs, natsJs is null ? null : Math.Round(notify.MsgsPerSec / natsJs.MsgsPerSec, 2));
}
