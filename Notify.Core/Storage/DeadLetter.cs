using Notify.Core.Notifications;

namespace Notify.Core.Storage;

/// <summary>A notification message that exhausted its deliveries or failed for good, kept for inspection and replay.</summary>
/// <param name="Id">Dead letter id.</param>
/// <param name="Envelope">The notification as it was on the stream.</param>
/// <param name="Reason">Why it was dead-lettered, in words an operator can act on.</param>
/// <param name="Deliveries">How many times JetStream delivered it.</param>
/// <param name="Stream">The stream it came from.</param>
/// <param name="StreamSeq">Its sequence in that stream.</param>
/// <param name="CreatedAt">When it was dead-lettered.</param>
public sealed record DeadLetter(
    Guid Id,
    NotificationEnvelope Envelope,
    string Reason,
    int Deliveries,
    string Stream,
    long StreamSeq,
    DateTimeOffset CreatedAt)
{
    /// <summary>The notification.</summary>
    public Guid NotificationId => Envelope.Id;

    /// <summary>Its tenant.</summary>
    public string Tenant => Envelope.Tenant;

    /// <summary>Its priority.</summary>
    public Priority Priority => Envelope.Priority;

    /// <summary>The channel that failed; null when the whole message was dead-lettered.</summary>
    public Channel? Channel { get; init; }

    /// <summary>The last error.</summary>
    public string? Error { get; init; }

    /// <summary>When an operator last replayed it.</summary>
    public DateTimeOffset? ReplayedAt { get; init; }

    /// <summary>How many times it was replayed.</summary>
    public int ReplayCount { get; init; }
}
