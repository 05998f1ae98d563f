namespace Notify.Core.Notifications;

/// <summary>
/// How the dispatcher shares its workers between priorities. Higher priorities go first; a lower priority that has
/// waited while <see cref="StarvationGuard"/> picks in a row went above it gets the next pick, so promotions still
/// trickle out under a backlog of order updates. A paused priority is not fetched at all (for example <c>low</c>
/// during the dinner peak); critical cannot be paused. While critical notifications flow, the <see cref="Yielding"/>
/// priorities keep at most <see cref="YieldingInFlight"/> deliveries running per replica, so that the cores they share
/// with critical deliveries (the replica's, Ingest's, NATS's) stay free enough for critical latency to hold under a
/// promotional backlog; the backlog drains more slowly meanwhile and at full speed again once critical stops for
/// <see cref="YieldWindowMs"/>. Lives in the KV bucket <c>notify-config</c> under <see cref="Key"/> and changes at run
/// time without a restart.
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

    /// <summary>Priorities that give way while critical notifications flow (promotions by default).</summary>
    public IReadOnlyList<Priority> Yielding { get; init; } = [Priority.Low];

    /// <summary>Deliveries of the yielding priorities running at once on a replica while critical flows; 0 = no limit.</summary>
    public int YieldingInFlight { get; init; } = 4;

    /// <summary>How long after the last critical notification a replica keeps yielding, in milliseconds.</summary>
    public int YieldWindowMs { get; init; } = 1_000;

    /// <summary>Whether <paramref name="priority"/> gives way while critical flows.</summary>
    public bool Yields(Priority priority) => YieldingInFlight > 0 && priority != Priority.Critical && Yielding.Contains(priority);

    /// <summary>Whether <paramref name="priority"/> is paused (critical never is).</summary>
    public bool IsPaused(Priority priority) => priority != Priority.Critical && Paused.Contains(priority);
}
