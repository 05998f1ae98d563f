using System.Text;
using System.Text.RegularExpressions;

namespace Notify.AppHost.Hosting.Internal;

/// <summary>
/// Just enough RFC 5322 / MIME to read what our senders write: unfolded headers, RFC 2047 encoded words,
/// and a single-part body in base64 or quoted-printable.
/// </summary>
internal static partial class MailParser
{
    public static (IReadOnlyList<KeyValuePair<string, string>> Headers, string Body) Parse(string text)
    {
        string normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        int split = normalized.IndexOf("\n\n", StringComparison.Ordinal);
        string head = split < 0 ? normalized : normalized[..split];
        string rawBody = split < 0 ? "" : normalized[(split + 2)..];

        var headers = new List<KeyValuePair<string, string>>();
        foreach (string line in head.Split('\n'))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && headers.Count > 0)
            {
                KeyValuePair<string, string> last = headers[^1];
                headers[^1] = new(last.Key, last.Value + " " + line.Trim());
            }
            else if (line.IndexOf(':', StringComparison.Ordinal) is > 0 and int colon)
            {
                headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }
        }

        var decoded = headers.Select(header => new KeyValuePair<string, string>(header.Key, DecodeWords(header.Value))).ToList();
        return (decoded, DecodeBody(decoded, rawBody));
    }

    /// <summary>Decodes <c>=?charset?B|Q?…?=</c> words; whitespace between two encoded words is dropped (RFC 2047 §6.2).</summary>
    public static string DecodeWords(string value)
    {
        string joined = BetweenEncodedWords().Replace(value, "");
        return EncodedWord().Replace(joined, match =>
        {
            Encoding encoding = EncodingOf(match.Groups["charset"].Value);
            string payload = match.Groups["text"].Value;
            byte[] bytes = match.Groups["encoding"].Value is "B" or "b"
                ? Convert.FromBase64String(payload)
                : QuotedPrintable(payload.Replace('_', ' '));
            return encoding.GetString(bytes);
        });
    }

    private static string DecodeBody(List<KeyValuePair<string, string>> headers, string body)
    {
        string? contentType = Find(headers, "Content-Type");
        if (contentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) == true)
        {
            return body;
        }

        Match charset = Charset().Match(contentType ?? "");
        Encoding encoding = EncodingOf(charset.Success ? charset.Groups[1].Value : "utf-8");
        return Find(headers, "Content-Transfer-Encoding")?.ToLowerInvariant() switch
        {
            "base64" => encoding.GetString(Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c))))),
            "quoted-printable" => encoding.GetString(QuotedPrintable(body.Replace("=\n", "", StringComparison.Ordinal))),
            _ => body,
        };
    }

    private static byte[] QuotedPrintable(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
            }
        }

        return [.. bytes];
    }

    private static string? Find(List<KeyValuePair<string, string>> headers, string name)
    {
        return headers.FirstOrDefault(header => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
    }

    private static Encoding EncodingOf(string charset)
    {
        try
        {
            return Encoding.GetEncoding(charset.Trim('"'));
        }
        catch (ArgumentException)
        {
            // A charset .NET does not ship (without the code-pages provider): UTF-8 reads ASCII text right.
            return Encoding.UTF8;
        }
    }

    [GeneratedRegex(@"=\?(?<charset>[^?]+)\?(?<encoding>[BbQq])\?(?<text>[^?]*)\?=")]
    private static partial Regex EncodedWord();

    [GeneratedRegex(@"(?<=\?=)\s+(?==\?[^?]+\?[BbQq]\?)")]
    private static partial Regex BetweenEncodedWords();

    [GeneratedRegex(@"charset=""?([^"";\s]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Charset();
}
