namespace Notify.Ingest.Inbox;

/// <summary>The in-app inbox stream (<c>Notify:Inbox</c>).</summary>
public sealed record InboxOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Notify:Inbox";

    /// <summary>A comment is sent after this much silence, so proxies and clients keep an idle stream open.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Most messages replayed to a client that reconnects with <c>Last-Event-ID</c>.</summary>
    public int MaxReplay { get; init; } = 500;
}
