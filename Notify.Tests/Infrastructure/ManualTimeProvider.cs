namespace Notify.Tests.Infrastructure;

/// <summary>A clock that moves only when a test says so: <see cref="Advance"/>. Starts at a fixed, recent instant.</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _sync = new();
    private DateTimeOffset _now = start;

    /// <summary>A clock at 2025-01-01T12:00:00Z.</summary>
    public ManualTimeProvider() : this(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero)) { }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_sync)
        {
            return _now;
        }
    }

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Moves the clock forward.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (_sync)
        {
            _now += by;
        }
    }
}
