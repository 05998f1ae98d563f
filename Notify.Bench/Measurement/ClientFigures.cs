namespace Notify.Bench.Measurement;

/// <summary>
/// One client's figures over the repeats: medians of the timed runs, plus every run's rate so that the spread
/// is visible. MB/s counts payload bytes only (10^6 bytes per MB); CPU is the client process's, per message.
/// </summary>
internal sealed record ClientFigures(
    string Client,
    string? Version,
    double MsgsPerSec,
    double MbPerSec,
    double CpuUsPerMsg,
    double? BytesPerMsg,
    int Count,
    double DurationMs,
    GcCounts? Collections,
    IReadOnlyList<double> Runs)
{
    public static ClientFigures From(string client, string? version, IReadOnlyList<Sample> samples, int payloadSize)
    {
        var rate = Median(samples.Select(s => s.MsgsPerSec));
        var middle = samples.OrderBy(s => s.MsgsPerSec).ElementAt(samples.Count / 2);
        var bytesPerMsg = samples.All(s => s.BytesPerMsg is not null) ? Median(samples.Select(s => s.BytesPerMsg!.Value)) : (double?)null;
        return new ClientFigures(
            client,
            version,
            Math.Round(rate),
            Math.Round(rate * payloadSize / 1_000_000, 2),
            Math.Round(Median(samples.Select(s => s.CpuUsPerMsg)), 2),
            bytesPerMsg is { } b ? Math.Round(b) : null,
            middle.Count,
            Math.Round(Median(samples.Select(s => s.Elapsed.TotalMilliseconds)), 1),
            middle.Collections,
            [.. samples.Select(s => Math.Round(s.MsgsPerSec))]);
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
            throw new ArgumentException("No values.", nameof(values));
        var half = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
    }
}
