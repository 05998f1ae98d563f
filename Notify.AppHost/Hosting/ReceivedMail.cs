using System.Text;
using MimeKit;

namespace Notify.AppHost.Hosting;

/// <summary>A message the SMTP server stored, read with MimeKit.</summary>
/// <param name="FilePath">The message file in the Maildir.</param>
/// <param name="Message">The parsed message: its MIME tree, for assertions on parts.</param>
public sealed record ReceivedMail(string FilePath, MimeMessage Message)
{
    /// <summary>
    /// All header fields, unfolded and with encoded words decoded: the message's in order, then its <c>Content-*</c>
    /// fields (MimeKit keeps those with the body).
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers =>
        AllHeaders.Select(header => new KeyValuePair<string, string>(header.Field, header.Value)).ToList();

    private IEnumerable<Header> AllHeaders => Message.Body is { } body ? Message.Headers.Concat(body.Headers) : Message.Headers;

    /// <summary>The decoded text body: the message's own, or a multipart message's text/plain part; empty without one.</summary>
    public string Body => Message.TextBody ?? "";

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
        return AllHeaders.FirstOrDefault(header => string.Equals(header.Field, name, StringComparison.OrdinalIgnoreCase))?.Value;
    }

    /// <summary>Parses a message file's text.</summary>
    public static ReceivedMail Parse(string filePath, string text)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return new ReceivedMail(filePath, MimeMessage.Load(stream));
    }

    /// <summary>Parses a message file.</summary>
    public static ReceivedMail Load(string filePath)
    {
        using var stream = File.OpenRead(filePath);
        return new ReceivedMail(filePath, MimeMessage.Load(stream));
    }
}
