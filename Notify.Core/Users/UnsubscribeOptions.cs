namespace Notify.Core.Users;

/// <summary>
/// One-click unsubscribe links in emails (RFC 8058), section <c>Notify:Unsubscribe</c>, read by the dispatchers (which
/// sign the links) and Ingest (which checks them). Off until both the key and the public base URL are set.
/// </summary>
public sealed record UnsubscribeOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Notify:Unsubscribe";

    /// <summary>The HMAC-SHA256 key links are signed with (its UTF-8 bytes; at least 16 characters); the same on every service.</summary>
    public string? SigningKey { get; init; }

    /// <summary>Ingest's public base URL, as recipients reach it (<c>https://notify.example.com</c>).</summary>
    public string? BaseUrl { get; init; }

    /// <summary>An address for mail clients that unsubscribe by email, offered beside the link; none when empty.</summary>
    public string? Mailto { get; init; }

    /// <summary>Whether links are signed and honoured.</summary>
    public bool Enabled => SigningKey is { Length: >= 16 } && !string.IsNullOrEmpty(BaseUrl);
}
