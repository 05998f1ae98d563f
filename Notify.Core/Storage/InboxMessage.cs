using System.Text.Json;

namespace Notify.Core.Storage;

/// <summary>A message in a user's in-app inbox.</summary>
/// <param name="Id">Message id.</param>
/// <param name="Tenant">Tenant.</param>
/// <param name="UserId">Recipient.</param>
/// <param name="NotificationId">The notification it delivers (one message per notification).</param>
/// <param name="Type">Notification type.</param>
/// <param name="Title">Rendered title, if the template has one.</param>
/// <param name="Body">Rendered body.</param>
/// <param name="CreatedAt">When it was delivered to the inbox.</param>
public sealed record InboxMessage(
    Guid Id,
    string Tenant,
    string UserId,
    Guid NotificationId,
    string Type,
    string? Title,
    string Body,
    DateTimeOffset CreatedAt)
{
    /// <summary>The notification's data, for the app to act on.</summary>
    public JsonElement? Data { get; init; }

    /// <summary>When the user read it; null while unread.</summary>
    public DateTimeOffset? ReadAt { get; init; }
}
