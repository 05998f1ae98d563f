namespace Notify.ServiceDefaults.Prometheus;

/// <summary>
/// One series as read at scrape time: its full label text and its value, or its histogram buckets. Series of two
/// instruments with the same identity (a static meter and a host's <c>IMeterFactory</c> meter of the same name,
/// such as HttpClient's) would print twice with the same labels; <see cref="Merge"/> folds them into one.
/// </summary>
internal sealed record SeriesSnapshot(string Labels, double Value, double[]? Bounds, long[]? Buckets, double Sum)
{
    public static SeriesSnapshot Read(string labels, MetricCell cell, double[]? bounds)
    {
        if (bounds is null)
        {
            return new SeriesSnapshot(labels, cell.Value, null, null, 0);
        }

        var buckets = new long[bounds.Length + 1];
        cell.CopyBuckets(buckets);
        return new SeriesSnapshot(labels, 0, bounds, buckets, cell.Sum);
    }

    /// <summary>
    /// Adds sums, counters and histograms with the same buckets; of two gauges (a last value each) keeps the first.
    /// </summary>
    public SeriesSnapshot Merge(SeriesSnapshot other, bool additive)
    {
        if (Buckets is null || other.Buckets is null)
        {
            return additive ? this with { Value = Value + other.Value } : this;
        }

        if (!Bounds!.AsSpan().SequenceEqual(other.Bounds))
        {
            return this;
        }

        long[] buckets = [.. Buckets.Zip(other.Buckets, static (a, b) => a + b)];
        return this with { Buckets = buckets, Sum = Sum + other.Sum };
    }
}
