using Notify.AppHost.Hosting.Internal;

namespace Notify.AppHost.Hosting;

/// <summary>A message the SMTP server stored: its headers (encoded words decoded) and its decoded text body.</summary>
/// <param name="FilePath">The message file in the Maildir.</param>
/// <param name="Headers">All header fields in order, unfolded and decoded.</param>
/// <param name="Body">The body, transfer-decoded for a single-part message; a multipart body as received.</param>
public sealed record ReceivedMail(string FilePath, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body)
{
    /// <summary>The <c>Subject</c> header.</summary>
    public string? Subject => GetHeader("Subject");

    /// <summary>The <c>From</c> header.</summary>
    public string? From => GetHeader("From");

    /// <summary>The <c>To</c> header.</summary>
    public string? To => GetHeader("To");

    /// <summary>The SMTP envelope sender (<c>MAIL FROM</c>), recorded by the server as <c>X-MailFrom</c>.</summary>
    public string? EnvelopeSender => GetHeader("X-MailFrom");

    /// <summary>The SMTP envelope recipients (<c>RCPT TO</c>), recorded by the server as <c>X-RcptTo</c>.</summary>
    public IReadOnlyList<string> EnvelopeRecipients =>
        GetHeader("X-RcptTo")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];

    /// <summary>The first header field called <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? GetHeader(string name)
    {
        return Headers.FirstOrDefault(header => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
    }

    /// <summary>Parses a message file's text.</summary>
    public static ReceivedMail Parse(string filePath, string text)
    {
        (IReadOnlyList<KeyValuePair<string, string>> headers, string body) = MailParser.Parse(text);
        return new ReceivedMail(filePath, headers, body);
    }
}
