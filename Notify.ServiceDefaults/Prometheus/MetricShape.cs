using System.Diagnostics.Metrics;

namespace Notify.ServiceDefaults.Prometheus;

/// <summary>How an instrument's measurements aggregate into one series.</summary>
internal enum Aggregation
{
    /// <summary>Measurements are increments (counters, up-down counters).</summary>
    Sum,

    /// <summary>Each measurement replaces the last (gauges, and every observable instrument, which reports totals).</summary>
    LastValue,

    /// <summary>Measurements fall into explicit buckets with a sum and a count.</summary>
    Histogram,
}

/// <summary>The Prometheus metric type an instrument is exposed as.</summary>
internal enum PrometheusType
{
    Counter,
    Gauge,
    Histogram,
}

/// <summary>What a kind of instrument becomes on <c>/metrics</c>.</summary>
/// <param name="Type">The exposed type.</param>
/// <param name="Aggregation">How measurements combine.</param>
/// <param name="IsObservable">Whether values come from callbacks run at scrape time.</param>
internal sealed record MetricShape(PrometheusType Type, Aggregation Aggregation, bool IsObservable)
{
    /// <summary>The shape of <paramref name="instrument"/>, or null for kinds this exporter does not know.</summary>
    public static MetricShape? Of(Instrument instrument)
    {
        Type type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }

        Type kind = type.GetGenericTypeDefinition();
        return kind == typeof(Counter<>) ? new(PrometheusType.Counter, Aggregation.Sum, false)
            : kind == typeof(ObservableCounter<>) ? new(PrometheusType.Counter, Aggregation.LastValue, true)
            : kind == typeof(UpDownCounter<>) ? new(PrometheusType.Gauge, Aggregation.Sum, false)
            : kind == typeof(ObservableUpDownCounter<>) ? new(PrometheusType.Gauge, Aggregation.LastValue, true)
            : kind == typeof(Gauge<>) ? new(PrometheusType.Gauge, Aggregation.LastValue, false)
            : kind == typeof(ObservableGauge<>) ? new(PrometheusType.Gauge, Aggregation.LastValue, true)
            : kind == typeof(Histogram<>) ? new(PrometheusType.Histogram, Aggregation.Histogram, false)
            : null;
    }
}
