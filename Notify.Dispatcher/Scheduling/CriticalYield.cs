using Notify.Core.Notifications;

namespace Notify.Dispatcher.Scheduling;

/// <summary>
/// Whether lower priorities give way to critical ones right now (<see cref="PriorityPolicy.Yielding"/>): from each
/// critical message taken until <see cref="PriorityPolicy.YieldWindowMs"/> later. Thread-safe.
/// </summary>
public sealed class CriticalYield(TimeProvider time)
{
    private long _lastCritical = long.MinValue;

    /// <summary>A critical message was just taken.</summary>
    public void CriticalTaken() => Volatile.Write(ref _lastCritical, time.GetTimestamp());

    /// <summary>How much longer lower priorities give way: zero when no critical message was taken lately.</summary>
    public TimeSpan Remaining(PriorityPolicy policy)
    {
        var last = Volatile.Read(ref _lastCritical);
        if (last == long.MinValue || policy.YieldingInFlight <= 0)
            return TimeSpan.Zero;
        var left = TimeSpan.FromMilliseconds(policy.YieldWindowMs) - time.GetElapsedTime(last);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>Whether another message of <paramref name="priority"/> must wait, with <paramref name="inFlight"/> of it running.</summary>
    public bool Holds(Priority priority, int inFlight, PriorityPolicy policy) =>
        policy.Yields(priority) && inFlight >= policy.YieldingInFlight && Remaining(policy) > TimeSpan.Zero;
}
