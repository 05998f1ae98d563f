namespace Notify.Bench.Measurement;

/// <summary>
/// One timed run: how many messages, how long, the client process's CPU time (every thread, GC included), and
/// for the in-process client what it allocated.
/// </summary>
internal sealed record Sample(int Count, TimeSpan Elapsed, TimeSpan CpuTime, long? AllocatedBytes, GcCounts? Collections)
{
    public double MsgsPerSec => Count / Elapsed.TotalSeconds;

    /// <summary>Client CPU per message: what the client costs, whatever else shares the cores.</summary>
    public double CpuUsPerMsg => CpuTime.TotalMicroseconds / Count;

    public double? BytesPerMsg => AllocatedBytes is { } bytes ? (double)bytes / Count : null;

    /// <summary>A run measured in another process, where allocations are not known.</summary>
    public static Sample External(int count, TimeSpan elapsed, TimeSpan cpuTime) => new(count, elapsed, cpuTime, null, null);
}

/// <summary>Garbage collections during a run, per generation.</summary>
internal sealed record GcCounts(int Gen0, int Gen1, int Gen2);
