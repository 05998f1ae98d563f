using Notify.Core.Notifications;
using Notify.Core.Status;

namespace Notify.Core.Storage;

/// <summary>One event in a notification's timeline (as the ops console shows it).</summary>
/// <param name="Id">Row id (insertion order; the timeline itself is in event time order).</param>
/// <param name="NotificationId">The notification.</param>
/// <param name="Channel">The delivery's channel; null for an event about the whole notification.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Attempt">Attempt number, for delivery events.</param>
/// <param name="At">When.</param>
public sealed record TimelineEntry(long Id, Guid NotificationId, Channel? Channel, StatusKind Kind, int Attempt, DateTimeOffset At)
{
    /// <summary>The error of a failed attempt.</summary>
    public string? Error { get; init; }

    /// <summary>Why it was skipped, failed over, dead-lettered, cancelled or merged.</summary>
    public string? Reason { get; init; }

    /// <summary>Provider's id of the sent message.</summary>
    public string? ProviderMessageId { get; init; }
}
