using Notify.Core.Notifications;
using Notify.Core.Status;

namespace Notify.Core.Storage;

/// <summary>
/// What a batch says about one notification row: the envelope when its Accepted event is in the batch, its own
/// lifecycle (events without a channel, folded by <see cref="StatusPrecedence"/>), and times. Every notification a
/// batch touches has one, so the upsert locks all of them, in id order, before anything else is written.
/// </summary>
internal sealed class NotificationChange(Guid id, string tenant, DateTimeOffset at)
{
    public Guid Id { get; } = id;
    public string Tenant { get; } = tenant;
    public DateTimeOffset FirstAt { get; private set; } = at;
    public DateTimeOffset LastAt { get; private set; } = at;
    public NotificationEnvelope? Envelope { get; private set; }
    public string? TraceId { get; private set; }
    public StatusKind? LifecycleKind { get; private set; }
    public DateTimeOffset? LifecycleAt { get; private set; }
    public string? LifecycleReason { get; private set; }
    public Guid? MergedInto { get; private set; }
    public DateTimeOffset? ReplayedAt { get; private set; }
    public Routing? Routing { get; private set; }

    /// <summary>Notes that an event about this notification happened at <paramref name="at"/>.</summary>
    public void Touch(DateTimeOffset at, string? traceId)
    {
        FirstAt = at < FirstAt ? at : FirstAt;
        LastAt = at > LastAt ? at : LastAt;
        TraceId ??= traceId;
    }

    public void SetEnvelope(NotificationEnvelope envelope)
    {
        // The envelope never changes but for the replay count: keep the most replayed one.
        if (Envelope is null || envelope.Replay > Envelope.Replay)
            Envelope = envelope;
    }

    /// <summary>Folds an event about the notification as a whole into its lifecycle.</summary>
    public void ApplyLifecycle(StatusKind kind, DateTimeOffset at, string? reason)
    {
        if (LifecycleKind is { } current && !StatusPrecedence.Supersedes(kind, at, current, LifecycleAt!.Value))
            return;
        LifecycleKind = kind;
        LifecycleAt = at;
        LifecycleReason = reason;
    }

    public void MergeInto(Guid survivor) => MergedInto ??= survivor;

    /// <summary>Notes a routing an event names: <c>all</c> wins, so the fold is the same in any order.</summary>
    public void NoteRouting(Routing routing) => Routing = Routing == Notifications.Routing.All ? Routing : routing;

    /// <summary>Notes an operator replay (whether or not it decides the lifecycle).</summary>
    public void NoteReplay(DateTimeOffset at) => ReplayedAt = ReplayedAt is { } seen && seen > at ? seen : at;
}
