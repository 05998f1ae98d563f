namespace Notify.Bench.Measurement;

/// <summary>One timed run: how many messages, how long, and (for the in-process client) what it allocated.</summary>
internal sealed record Sample(int Count, TimeSpan Elapsed, long? AllocatedBytes, GcCounts? Collections)
{
    public double MsgsPerSec => Count / Elapsed.TotalSeconds;

    public double? BytesPerMsg => AllocatedBytes is { } bytes ? (double)bytes / Count : null;

    /// <summary>A run measured in another process, where only the time is known.</summary>
    public static Sample Untracked(int count, TimeSpan elapsed) => new(count, elapsed, null, null);
}

/// <summary>Garbage collections during a run, per generation.</summary>
internal sealed record GcCounts(int Gen0, int Gen1, int Gen2);
