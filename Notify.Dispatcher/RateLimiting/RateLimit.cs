namespace Notify.Dispatcher.RateLimiting;

/// <summary>
/// A rate: <see cref="Permits"/> per <see cref="Period"/> on average, with up to <see cref="Burst"/> at once after a
/// quiet spell. It is a sliding rate, not a calendar window: after a burst, permits come back one per
/// <see cref="EmissionInterval"/>.
/// </summary>
public sealed record RateLimit
{
    /// <summary>A rate of <paramref name="permits"/> per <paramref name="period"/>, bursting to <paramref name="burst"/> (default: <paramref name="permits"/>).</summary>
    public RateLimit(int permits, TimeSpan period, int? burst = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst ?? permits, 1, nameof(burst));
        Permits = permits;
        Period = period;
        Burst = burst ?? permits;
    }

    /// <summary>Permits per <see cref="Period"/> on average.</summary>
    public int Permits { get; }

    /// <summary>The period <see cref="Permits"/> refer to.</summary>
    public TimeSpan Period { get; }

    /// <summary>The most permits granted at once, and so the most one call may ask for.</summary>
    public int Burst { get; }

    /// <summary>The time one permit takes to come back.</summary>
    public TimeSpan EmissionInterval => Period / Permits;

    /// <summary><paramref name="permits"/> per second, bursting to <paramref name="burst"/> (default: the same).</summary>
    public static RateLimit PerSecond(int permits, int? burst = null) => new(permits, TimeSpan.FromSeconds(1), burst);

    /// <summary><paramref name="permits"/> per minute, bursting to <paramref name="burst"/> (default: the same).</summary>
    public static RateLimit PerMinute(int permits, int? burst = null) => new(permits, TimeSpan.FromMinutes(1), burst);

    /// <summary><paramref name="permits"/> per day, bursting to <paramref name="burst"/> (default: the same).</summary>
    public static RateLimit PerDay(int permits, int? burst = null) => new(permits, TimeSpan.FromDays(1), burst);
}
