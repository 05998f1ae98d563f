using Notify.Core.Notifications;

namespace Notify.Dispatcher.Scheduling;

/// <summary>
/// Chooses which priority's waiting message runs next, following a <see cref="PriorityPolicy"/>. Not thread-safe:
/// the scheduler's single dispatch loop owns it.
/// </summary>
public sealed class PriorityPicker
{
    private readonly int[] _passedOver = new int[Priorities.All.Count];

    /// <summary>
    /// The priority to run among those with a message waiting (<paramref name="waiting"/>, indexed by priority), or
    /// null when none waits.
    /// </summary>
    public Priority? Pick(ReadOnlySpan<bool> waiting, PriorityPolicy policy)
    {
        var highest = -1;
        for (var p = 0; p < waiting.Length; p++)
        {
            if (waiting[p])
            {
                highest = p;
                break;
            }
        }
        if (highest < 0)
            return null;

        var chosen = highest;
        if (policy.StarvationGuard > 0)
        {
            // The longest-starved lower priority that reached the guard goes first.
            for (var p = waiting.Length - 1; p > highest; p--)
            {
                if (waiting[p] && _passedOver[p] >= policy.StarvationGuard)
                {
                    chosen = p;
                    break;
                }
            }
        }
        for (var p = 0; p < waiting.Length; p++)
        {
            if (p == chosen || !waiting[p])
                _passedOver[p] = 0;
            else if (p > chosen)
                _passedOver[p]++;
        }
        return (Priority)chosen;
    }
}
