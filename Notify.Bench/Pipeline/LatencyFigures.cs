namespace Notify.Bench.Pipeline;

/// <summary>Percentiles of a set of latencies, in milliseconds (nearest rank).</summary>
internal sealed record LatencyFigures(int Count, double P50Ms, double P90Ms, double P99Ms, double MaxMs)
{
    public static LatencyFigures From(IReadOnlyCollection<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        if (sorted.Length == 0)
            return new LatencyFigures(0, double.NaN, double.NaN, double.NaN, double.NaN);
        return new LatencyFigures(sorted.Length, At(sorted, 0.50), At(sorted, 0.90), At(sorted, 0.99), Math.Round(sorted[^1], 2));
    }

    private static double At(double[] sorted, double quantile) =>
        Math.Round(sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)], 2);
}
