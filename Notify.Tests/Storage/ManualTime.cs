namespace Notify.Tests.Storage;

/// <summary>A clock that moves only when the test says so.</summary>
internal sealed class ManualTime : TimeProvider
{
    private long _ticks = DateTimeOffset.UnixEpoch.AddYears(55).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
