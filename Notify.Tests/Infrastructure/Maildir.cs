using MimeKit;

namespace Notify.Tests.Infrastructure;

/// <summary>
/// The Maildir the SMTP server delivers into (aiosmtpd's Mailbox handler): each message a file in <c>new/</c>,
/// complete once it is there (the server writes to <c>tmp/</c> and renames).
/// </summary>
/// <param name="Path">The Maildir's root.</param>
public sealed record Maildir(string Path)
{
    /// <summary>The messages delivered so far, oldest first.</summary>
    public IReadOnlyList<ReceivedMail> ReadMessages()
    {
        var delivered = new DirectoryInfo(System.IO.Path.Combine(Path, "new"));
        if (!delivered.Exists)
            return [];
        return delivered.EnumerateFiles()
            .OrderBy(file => file.LastWriteTimeUtc)
            .ThenBy(file => file.Name, StringComparer.Ordinal)
            .Select(file => new ReceivedMail(MimeMessage.Load(file.FullName)))
            .ToList();
    }
}

/// <summary>A message the SMTP server stored.</summary>
/// <param name="Message">The parsed message, for assertions on its parts.</param>
public sealed record ReceivedMail(MimeMessage Message)
{
    /// <summary>The <c>Subject</c> header.</summary>
    public string? Subject => GetHeader("Subject");

    /// <summary>The <c>To</c> header.</summary>
    public string? To => GetHeader("To");

    /// <summary>
    /// The first header field called <paramref name="name"/> (case-insensitive, decoded), or null: the message's own,
    /// then its <c>Content-*</c> fields (MimeKit keeps those with the body).
    /// </summary>
    public string? GetHeader(string name) =>
        (Message.Body is { } body ? Message.Headers.Concat(body.Headers) : Message.Headers)
            .FirstOrDefault(header => string.Equals(header.Field, name, StringComparison.OrdinalIgnoreCase))?.Value;
}
