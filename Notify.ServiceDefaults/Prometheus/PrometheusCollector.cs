using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace Notify.ServiceDefaults.Prometheus;

/// <summary>
/// Listens to the service's meters with a <see cref="MeterListener"/> and keeps one aggregate per series for
/// <c>/metrics</c>. Meters created through another host's <see cref="IMeterFactory"/> are not this service's and
/// are skipped, so several hosts in one process (tests) do not see each other's series.
/// </summary>
internal sealed class PrometheusCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly HashSet<string> _meters;
    private readonly IMeterFactory? _meterFactory;
    private readonly ConcurrentDictionary<Instrument, InstrumentState> _instruments = new();
    private readonly Lock _scrapeGate = new();
    private long _generation;
    private int _lastLength = 4096;

    public PrometheusCollector(IEnumerable<string> meters, IMeterFactory? meterFactory)
    {
        _meters = meters.ToHashSet(StringComparer.Ordinal);
        _meterFactory = meterFactory;
        _listener.InstrumentPublished = OnInstrumentPublished;
        _listener.MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out InstrumentState? _);
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((InstrumentState)state!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>Runs the observable instruments' callbacks and writes every series in the text format.</summary>
    public string Scrape()
    {
        lock (_scrapeGate)
        {
            long generation = ++_generation;
            InstrumentState[] instruments = [.. _instruments.Values];
            foreach (InstrumentState instrument in instruments)
            {
                instrument.Generation = generation;
            }

            _listener.RecordObservableInstruments();
            foreach (InstrumentState instrument in instruments.Where(i => i.Shape.IsObservable))
            {
                instrument.RemoveUnobserved();
            }

            var output = new StringBuilder(_lastLength);
            PrometheusTextWriter.Write(output, instruments);
            _lastLength = output.Length;
            return output.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        Meter meter = instrument.Meter;
        bool ours = meter.Scope is null || ReferenceEquals(meter.Scope, _meterFactory);
        if (!ours || !_meters.Contains(meter.Name) || MetricShape.Of(instrument) is not { } shape)
        {
            return;
        }

        var state = new InstrumentState(instrument, shape);
        _instruments[instrument] = state;
        listener.EnableMeasurementEvents(instrument, state);
    }
}
