using Notify.Core.Notifications;
using Notify.Core.Status;

namespace Notify.Core.Storage;

/// <summary>The current state of one channel's delivery of a notification.</summary>
/// <param name="NotificationId">The notification.</param>
/// <param name="Channel">The channel.</param>
/// <param name="Status">Its state: <see cref="StatusKind.Retrying"/>, <see cref="StatusKind.Sent"/>, <see cref="StatusKind.Failed"/>, <see cref="StatusKind.DeadLettered"/> or <see cref="StatusKind.Skipped"/>.</param>
/// <param name="Attempts">The highest attempt number reported.</param>
/// <param name="UpdatedAt">Time of the latest event applied.</param>
public sealed record Delivery(Guid NotificationId, Channel Channel, StatusKind Status, int Attempts, DateTimeOffset UpdatedAt)
{
    /// <summary>Provider name.</summary>
    public string? Provider { get; init; }

    /// <summary>Provider's id of the sent message.</summary>
    public string? ProviderMessageId { get; init; }

    /// <summary>The newest error reported.</summary>
    public string? LastError { get; init; }

    /// <summary>Why it was skipped, failed or dead-lettered.</summary>
    public string? Reason { get; init; }

    /// <summary>First call to the provider.</summary>
    public DateTimeOffset? FirstAttemptAt { get; init; }

    /// <summary>Latest call to the provider.</summary>
    public DateTimeOffset? LastAttemptAt { get; init; }

    /// <summary>When the provider accepted it.</summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>When the next attempt is due, while retrying.</summary>
    public DateTimeOffset? NextRetryAt { get; init; }
}
