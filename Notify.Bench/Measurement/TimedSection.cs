using System.Diagnostics;

namespace Notify.Bench.Measurement;

/// <summary>
/// Times a piece of work in this process, with the process's CPU time, and counts what it allocated on every
/// thread (<see cref="GC.GetTotalAllocatedBytes(bool)"/> before and after) and the collections it caused.
/// </summary>
internal static class TimedSection
{
    /// <summary>Set with <c>--alloc-types</c>: samples which types the timed sections allocate.</summary>
    public static AllocationSampler? Sampler { get; set; }

    public static async Task<Sample> MeasureAsync(int count, Func<Task> work)
    {
        using var sampling = Sampler?.Record();
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Environment.CpuUsage.TotalTime;
        var started = Stopwatch.GetTimestamp();

        await work();

        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpuTime = Environment.CpuUsage.TotalTime - cpu;
        var allocatedAfter = GC.GetTotalAllocatedBytes(precise: true);
        var collections = new GcCounts(GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2);
        return new Sample(count, elapsed, cpuTime, allocatedAfter - allocated, collections);
    }
}
