using System.Globalization;
using System.Text;

namespace Notify.ServiceDefaults.Prometheus;

/// <summary>Writes instrument states in the Prometheus text exposition format, version 0.0.4.</summary>
internal static class PrometheusTextWriter
{
    /// <summary>The content type of the format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>
    /// Writes one family per metric name: <c># HELP</c>, <c># TYPE</c>, then every series of every instrument with
    /// that name, told apart by the <c>otel_scope_name</c> label (the meter) and their tags.
    /// </summary>
    public static void Write(StringBuilder output, IEnumerable<InstrumentState> instruments)
    {
        IEnumerable<IGrouping<string, InstrumentState>> families = instruments
            .Where(i => !i.IsEmpty)
            .GroupBy(i => PrometheusNames.MetricName(i.Instrument.Name, i.Instrument.Unit, i.Shape.Type), StringComparer.Ordinal)
            .OrderBy(f => f.Key, StringComparer.Ordinal);
        foreach (IGrouping<string, InstrumentState> family in families)
        {
            InstrumentState first = family.First();
            output.Append("# HELP ").Append(family.Key).Append(' ');
            PrometheusNames.AppendEscaped(output, first.Instrument.Description ?? first.Instrument.Name, escapeQuotes: false);
            output.Append('\n').Append("# TYPE ").Append(family.Key).Append(' ').Append(TypeName(first.Shape.Type)).Append('\n');

            // Two instruments may sanitise to one name with different types; a family has one type, the first's.
            bool additive = first.Shape.Type == PrometheusType.Counter || first.Shape.Aggregation == Aggregation.Sum;
            IEnumerable<SeriesSnapshot> series = family
                .Where(i => i.Shape.Type == first.Shape.Type)
                .SelectMany(Snapshots)
                .GroupBy(s => s.Labels, StringComparer.Ordinal)
                .Select(same => same.Aggregate((merged, next) => merged.Merge(next, additive)))
                .OrderBy(s => s.Labels, StringComparer.Ordinal);
            foreach (SeriesSnapshot snapshot in series)
            {
                WriteSeries(output, family.Key, snapshot);
            }
        }
    }

    private static IEnumerable<SeriesSnapshot> Snapshots(InstrumentState instrument)
    {
        var scope = new StringBuilder("otel_scope_name=\"");
        PrometheusNames.AppendEscaped(scope, instrument.Instrument.Meter.Name, escapeQuotes: true);
        string scopeLabel = scope.Append('"').ToString();
        return instrument.Cells.Select(cell => SeriesSnapshot.Read(
            cell.Tags.Tags.Length == 0 ? scopeLabel : $"{scopeLabel},{cell.Tags.Labels}", cell, instrument.Bounds));
    }

    private static void WriteSeries(StringBuilder output, string name, SeriesSnapshot series)
    {
        if (series.Buckets is null)
        {
            Sample(output, name, series.Labels, series.Value);
            return;
        }

        long cumulative = 0;
        for (int i = 0; i < series.Buckets.Length; i++)
        {
            cumulative += series.Buckets[i];
            string le = i < series.Bounds!.Length ? Number(series.Bounds[i]) : "+Inf";
            Sample(output, name + "_bucket", $"{series.Labels},le=\"{le}\"", cumulative);
        }

        Sample(output, name + "_sum", series.Labels, series.Sum);
        Sample(output, name + "_count", series.Labels, cumulative);
    }

    private static void Sample(StringBuilder output, string name, string labels, double value) =>
        output.Append(name).Append('{').Append(labels).Append("} ").Append(Number(value)).Append('\n');

    private static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString(CultureInfo.InvariantCulture);

    private static string TypeName(PrometheusType type) => type switch
    {
        PrometheusType.Counter => "counter",
        PrometheusType.Histogram => "histogram",
        _ => "gauge",
    };
}
