using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Notify.Bench.Measurement;

/// <summary>
/// With <c>--alloc-types</c>: listens to the runtime's sampled allocation events (one about every 100 KB) while
/// a timed section runs, and tells which types the allocated bytes went to. A sample stands for the ~100 KB
/// allocated since the previous one, so the shares are estimates that firm up over a long run.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int AllocationTickEventId = 10;

    private readonly ConcurrentDictionary<string, long> _bytesByType = new();
    private volatile bool _recording;

    public IDisposable Record()
    {
        _recording = true;
        return new Stop(this);
    }

    /// <summary>The types that took the most sampled bytes, with their share of all sampled bytes.</summary>
    public IReadOnlyList<(string Type, double Share)> Top(int count)
    {
        var total = Math.Max(1, _bytesByType.Values.Sum());
        return [.. _bytesByType.OrderByDescending(p => p.Value).Take(count).Select(p => (p.Key, (double)p.Value / total))];
    }

    public void Clear() => _bytesByType.Clear();

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventId != AllocationTickEventId || eventData.Payload is null)
            return;
        var type = eventData.PayloadNames?.IndexOf("TypeName") is >= 0 and var t ? eventData.Payload[t] as string : null;
        var amount = eventData.PayloadNames?.IndexOf("AllocationAmount64") is >= 0 and var a ? Convert.ToInt64(eventData.Payload[a], System.Globalization.CultureInfo.InvariantCulture) : 0;
        _bytesByType.AddOrUpdate(type ?? "?", amount, (_, sum) => sum + amount);
    }

    private sealed class Stop(AllocationSampler sampler) : IDisposable
    {
        public void Dispose() => sampler._recording = false;
    }
}
