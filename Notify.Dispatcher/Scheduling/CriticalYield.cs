using Notify.Core.Notifications;

namespace Notify.Dispatcher.Scheduling;

/// <summary>
/// Whether lower priorities give way to critical ones right now (<see cref="PriorityPolicy.Yielding"/>): from each
/// critical message taken until <see cref="PriorityPolicy.YieldWindowMs"/> later, and while the replica warms up.
/// Thread-safe.
/// </summary>
public sealed class CriticalYield(TimeProvider time)
{
    private long _lastCritical = long.MinValue;
    private long _warmFrom = long.MinValue;
    private TimeSpan _warmUp;

    /// <summary>A critical message was just taken.</summary>
    public void CriticalTaken() => Volatile.Write(ref _lastCritical, time.GetTimestamp());

    /// <summary>Lower priorities give way for <paramref name="warmUp"/> from now, whether or not critical messages come.</summary>
    public void WarmUp(TimeSpan warmUp)
    {
        _warmUp = warmUp;
        Volatile.Write(ref _warmFrom, time.GetTimestamp());
    }

    /// <summary>How much longer lower priorities give way: zero when no critical message was taken lately and the replica is warm.</summary>
    public TimeSpan Remaining(PriorityPolicy policy)
    {
        if (policy.YieldingInFlight <= 0)
            return TimeSpan.Zero;
        var window = Left(Volatile.Read(ref _lastCritical), TimeSpan.FromMilliseconds(policy.YieldWindowMs));
        var warming = Left(Volatile.Read(ref _warmFrom), _warmUp);
        return window > warming ? window : warming;
    }

    private TimeSpan Left(long since, TimeSpan period)
    {
        if (since == long.MinValue)
            return TimeSpan.Zero;
        var left = period - time.GetElapsedTime(since);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>Whether another message of <paramref name="priority"/> must wait, with <paramref name="inFlight"/> of it running.</summary>
    public bool Holds(Priority priority, int inFlight, PriorityPolicy policy) =>
        policy.Yields(priority) && inFlight >= policy.YieldingInFlight && Remaining(policy) > TimeSpan.Zero;
}
