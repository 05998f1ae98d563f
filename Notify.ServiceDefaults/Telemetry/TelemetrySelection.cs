namespace Notify.ServiceDefaults.Telemetry;

/// <summary>The activity sources and meters one service listens to: built-in, its own, configured, minus opt-outs.</summary>
/// <param name="ActivitySources">Sources traced.</param>
/// <param name="Meters">Meters exported, over OTLP and on <c>/metrics</c> alike.</param>
internal sealed record TelemetrySelection(IReadOnlyList<string> ActivitySources, IReadOnlyList<string> Meters)
{
    public static TelemetrySelection For(string applicationName, TelemetryOptions options, IEnumerable<TracingOptOut> optOuts)
    {
        var skipped = optOuts.Select(o => o.ActivitySource).ToHashSet(StringComparer.Ordinal);
        string[] sources =
        [
            .. TelemetryNames.ActivitySources.Where(s => !skipped.Contains(s)), applicationName, .. options.ActivitySources,
        ];
        string[] meters = [.. TelemetryNames.Meters, applicationName, .. options.Meters];
        return new TelemetrySelection(Distinct(sources), Distinct(meters));
    }

    private static string[] Distinct(IEnumerable<string> names) =>
        [.. names.Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal)];
}
