using Notify.Core.Storage;

namespace Notify.Ingest.Inbox;

/// <summary>
/// SSE event ids of inbox messages: the message's position (time, id) in the inbox, so <c>Last-Event-ID</c> says
/// exactly where a reconnecting client left off. Times are cut to microseconds, PostgreSQL's precision, so a live
/// message's id and its stored row's id are the same.
/// </summary>
public static class InboxEventIds
{
    /// <summary>The event id of a message.</summary>
    public static string Of(InboxMessage message) => PositionOf(message).ToString();

    /// <summary>The message's position, at PostgreSQL's precision.</summary>
    public static PageCursor PositionOf(InboxMessage message)
    {
        var ticks = message.CreatedAt.UtcTicks;
        return new PageCursor(new DateTimeOffset(ticks - ticks % 10, TimeSpan.Zero), message.Id);
    }

    /// <summary>Whether <paramref name="message"/> came after <paramref name="position"/>.</summary>
    public static bool IsAfter(InboxMessage message, PageCursor position)
    {
        var own = PositionOf(message);
        var byTime = own.At.CompareTo(position.At);
        return byTime > 0 || (byTime == 0 && string.CompareOrdinal(own.Id.ToString("N"), position.Id.ToString("N")) > 0);
    }
}
