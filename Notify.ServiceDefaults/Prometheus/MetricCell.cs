namespace Notify.ServiceDefaults.Prometheus;

/// <summary>
/// The running aggregate of one series (an instrument and one tag set). Writers update it with interlocked
/// operations only, so recording never takes a lock and never allocates.
/// </summary>
internal sealed class MetricCell(TagSet tags, double[]? bounds)
{
    private readonly long[]? _buckets = bounds is null ? null : new long[bounds.Length + 1];
    private double _value;
    private double _sum;
    private long _observedIn;

    public TagSet Tags { get; } = tags;

    /// <summary>The sum or last value.</summary>
    public double Value => Volatile.Read(ref _value);

    /// <summary>Sum of the values a histogram observed.</summary>
    public double Sum => Volatile.Read(ref _sum);

    /// <summary>The scrape whose callbacks last reported this series (observable instruments).</summary>
    public long ObservedIn => Volatile.Read(ref _observedIn);

    public void Add(double value) => InterlockedDouble.Add(ref _value, value);

    public void Set(double value, long generation)
    {
        Interlocked.Exchange(ref _value, value);
        Volatile.Write(ref _observedIn, generation);
    }

    /// <summary>Counts <paramref name="value"/> in the first bucket whose upper bound is at least the value.</summary>
    public void Observe(double value, double[] upperBounds)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        int index = upperBounds.AsSpan().BinarySearch(value);
        Interlocked.Increment(ref _buckets![index >= 0 ? index : ~index]);
        InterlockedDouble.Add(ref _sum, value);
    }

    /// <summary>Copies the per-bucket (not cumulative) counts into <paramref name="counts"/>.</summary>
    public void CopyBuckets(Span<long> counts)
    {
        for (int i = 0; i < counts.Length; i++)
        {
            counts[i] = Volatile.Read(ref _buckets![i]);
        }
    }
}
