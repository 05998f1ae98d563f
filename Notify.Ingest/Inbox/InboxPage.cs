using System.Text.Json;
using Notify.Core.Storage;

namespace Notify.Ingest.Inbox;

/// <summary>A message in the user's in-app inbox.</summary>
public sealed record InboxItem(Guid Id, Guid NotificationId, string Type, string? Title, string Body, DateTimeOffset CreatedAt)
{
    /// <summary>The notification's data.</summary>
    public JsonElement? Data { get; init; }

    /// <summary>When the user read it; null while unread.</summary>
    public DateTimeOffset? ReadAt { get; init; }

    /// <summary>The wire form of a stored message.</summary>
    public static InboxItem From(InboxMessage m) =>
        new(m.Id, m.NotificationId, m.Type, m.Title, m.Body, m.CreatedAt) { Data = m.Data, ReadAt = m.ReadAt };
}

/// <summary>One page of a user's inbox, newest first.</summary>
/// <param name="Items">The messages.</param>
/// <param name="Next">Pass as <c>after</c> for the next page; null on the last page.</param>
public sealed record InboxPage(IReadOnlyList<InboxItem> Items, string? Next);
