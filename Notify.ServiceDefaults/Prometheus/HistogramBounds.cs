using System.Diagnostics.Metrics;
using System.Numerics;

namespace Notify.ServiceDefaults.Prometheus;

/// <summary>Explicit bucket boundaries of a histogram: the instrument's advice when it gives some, else OpenTelemetry's default.</summary>
internal static class HistogramBounds
{
    /// <summary>OpenTelemetry's default explicit bucket boundaries.</summary>
    public static readonly double[] Default = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    public static double[] For(Instrument instrument) =>
        FromAdvice<double>(instrument) ?? FromAdvice<float>(instrument) ?? FromAdvice<long>(instrument)
        ?? FromAdvice<int>(instrument) ?? FromAdvice<short>(instrument) ?? FromAdvice<byte>(instrument)
        ?? FromAdvice<decimal>(instrument) ?? Default;

    private static double[]? FromAdvice<T>(Instrument instrument)
        where T : struct, INumberBase<T>
    {
        if (instrument is not Instrument<T> { Advice.HistogramBucketBoundaries: { Count: > 0 } advised })
        {
            return null;
        }

        double[] bounds = [.. advised.Select(double.CreateChecked).Where(b => !double.IsNaN(b)).Distinct().Order()];
        return bounds.Length > 0 ? bounds : null;
    }
}
