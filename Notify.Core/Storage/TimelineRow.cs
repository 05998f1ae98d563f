using Notify.Core.Notifications;
using Notify.Core.Status;

namespace Notify.Core.Storage;

/// <summary>One row of <c>delivery_events</c>.</summary>
internal readonly record struct TimelineRow(
    Guid NotificationId, Channel? Channel, StatusKind Kind, int Attempt, string? Error, string? Reason, string? ProviderMessageId, DateTimeOffset At);
