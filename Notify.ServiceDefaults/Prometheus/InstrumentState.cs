using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Notify.ServiceDefaults.Prometheus;

/// <summary>One instrument's series. The record path finds (or, once per tag set, creates) a cell and updates it.</summary>
internal sealed class InstrumentState
{
    /// <summary>Series per instrument before new tag sets go to one overflow series, as OpenTelemetry's SDK does.</summary>
    public const int MaxSeries = 2000;

    private readonly ConcurrentDictionary<TagSet, MetricCell> _cells = new(TagSetComparer.Instance);
    private readonly ConcurrentDictionary<TagSet, MetricCell>.AlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>> _lookup;
    private int _series;
    private long _generation;

    public InstrumentState(Instrument instrument, MetricShape shape)
    {
        Instrument = instrument;
        Shape = shape;
        Bounds = shape.Aggregation == Aggregation.Histogram ? HistogramBounds.For(instrument) : null;
        _lookup = _cells.GetAlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>>();
    }

    public Instrument Instrument { get; }

    public MetricShape Shape { get; }

    /// <summary>Upper bounds of the histogram buckets, the last (+Inf) implied; null for other shapes.</summary>
    public double[]? Bounds { get; }

    /// <summary>The scrape in progress; observable callbacks stamp the cells they report with it.</summary>
    public long Generation
    {
        get => Volatile.Read(ref _generation);
        set => Volatile.Write(ref _generation, value);
    }

    public ICollection<MetricCell> Cells => _cells.Values;

    public bool IsEmpty => _cells.IsEmpty;

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        MetricCell cell = _lookup.TryGetValue(tags, out MetricCell? found) ? found : AddCell(tags);
        switch (Shape.Aggregation)
        {
            case Aggregation.Sum:
                cell.Add(value);
                break;
            case Aggregation.LastValue:
                cell.Set(value, Generation);
                break;
            default:
                cell.Observe(value, Bounds!);
                break;
        }
    }

    /// <summary>Drops the series an observable instrument's callbacks did not report in the current scrape.</summary>
    public void RemoveUnobserved()
    {
        long generation = Generation;
        foreach (KeyValuePair<TagSet, MetricCell> entry in _cells)
        {
            if (entry.Value.ObservedIn != generation && _cells.TryRemove(entry))
            {
                Interlocked.Decrement(ref _series);
            }
        }
    }

    private MetricCell AddCell(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (Volatile.Read(ref _series) >= MaxSeries)
        {
            return _cells.TryGetValue(TagSet.Overflow, out MetricCell? overflow)
                ? overflow
                : _cells.GetOrAdd(TagSet.Overflow, new MetricCell(TagSet.Overflow, Bounds));
        }

        var created = new MetricCell(TagSet.Create(tags), Bounds);
        if (_cells.TryAdd(created.Tags, created))
        {
            Interlocked.Increment(ref _series);
            return created;
        }

        return _cells[created.Tags];
    }
}
