namespace Notify.Core.Notifications;

/// <summary>
/// How the dispatcher shares its workers between priorities. Higher priorities go first; a lower priority that has
/// waited while <see cref="StarvationGuard"/> picks in a row went above it gets the next pick, so promotions still
/// trickle out under a backlog of order updates. A paused priority is not fetched at all (for example <c>low</c>
/// during the dinner peak); critical cannot be paused. Lives in the KV bucket <c>notify-config</c> under
/// <see cref="Key"/> and changes at run time without a restart.
/// </summary>
public sealed record PriorityPolicy
{
    /// <summary>The KV key.</summary>
    public const string Key = "priority-policy";

    /// <summary>Strict order with a guard of 20 and nothing paused.</summary>
    public static readonly PriorityPolicy Default = new();

    /// <summary>Picks that may go to higher priorities in a row while a lower one waits; 0 turns the guard off.</summary>
    public int StarvationGuard { get; init; } = 20;

    /// <summary>Priorities not fetched for now.</summary>
    public IReadOnlyList<Priority> Paused { get; init; } = [];

    /// <summary>Whether <paramref name="priority"/> is paused (critical never is).</summary>
    public bool IsPaused(Priority priority) => priority != Priority.Critical && Paused.Contains(priority);
}
