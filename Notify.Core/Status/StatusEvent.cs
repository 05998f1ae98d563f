using Notify.Core.Notifications;

namespace Notify.Core.Status;

/// <summary>What happened to a notification or one of its deliveries.</summary>
public enum StatusKind
{
    /// <summary>The dispatcher picked it up; the event carries the envelope so the row can be created.</summary>
    Accepted,
    /// <summary>Waiting for its send time.</summary>
    Scheduled,
    /// <summary>The provider accepted the delivery.</summary>
    Sent,
    /// <summary>An attempt failed transiently; it will be retried after a delay.</summary>
    Retrying,
    /// <summary>The channel failed for good (permanent error or circuit open); the next channel may take over.</summary>
    Failed,
    /// <summary>Moved to the dead-letter queue.</summary>
    DeadLettered,
    /// <summary>Not sent on purpose (no contact, opted out, capped…); the reason says why.</summary>
    Skipped,
    /// <summary>Cancelled by the client before it was sent.</summary>
    Cancelled,
    /// <summary>Folded into another notification by batching.</summary>
    Merged,
    /// <summary>An operator replayed it from the dead-letter queue.</summary>
    Replayed,
}

/// <summary>
/// One status change. The dispatchers publish them to the status stream; status writers store them in
/// PostgreSQL in batches, so a database outage delays statuses without losing any or stopping sends.
/// </summary>
/// <param name="NotificationId">The notification.</param>
/// <param name="Tenant">Its tenant.</param>
/// <param name="Kind">What happened.</param>
/// <param name="At">When.</param>
public sealed record StatusEvent(Guid NotificationId, string Tenant, StatusKind Kind, DateTimeOffset At)
{
    /// <summary>The delivery's channel; null for an event about the whole notification.</summary>
    public Channel? Channel { get; init; }

    /// <summary>Attempt number of the delivery (JetStream's delivery count).</summary>
    public int Attempt { get; init; }

    /// <summary>Provider name (e.g. <c>twilio</c>, <c>fcm</c>, <c>smtp</c>).</summary>
    public string? Provider { get; init; }

    /// <summary>Provider's id of the sent message.</summary>
    public string? ProviderMessageId { get; init; }

    /// <summary>The error of a failed attempt.</summary>
    public string? Error { get; init; }

    /// <summary>Why it was skipped, failed over or dead-lettered, in words an operator can act on.</summary>
    public string? Reason { get; init; }

    /// <summary>When a retry is due.</summary>
    public DateTimeOffset? RetryAt { get; init; }

    /// <summary>
    /// The routing a delivery event followed (the request's, or the one the user's preferences or the type catalogue
    /// chose): under <see cref="Notify.Core.Notifications.Routing.All"/> the notification is sent only once every channel settled and one was sent.
    /// </summary>
    public Routing? Routing { get; init; }

    /// <summary>The notification itself, on <see cref="StatusKind.Accepted"/>.</summary>
    public NotificationEnvelope? Envelope { get; init; }

    /// <summary>The trace the notification travels in (W3C trace id), for the ops console.</summary>
    public string? TraceId { get; init; }

    /// <summary>Ids of the notifications merged into this one, on <see cref="StatusKind.Merged"/>.</summary>
    public IReadOnlyList<Guid>? MergedIds { get; init; }
}
