using System.Text;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Notify.Tests.Infrastructure;

/// <summary>Reading back what a stream stored, as the tests check it.</summary>
internal static class StoredMessages
{
    private const int NoMessageFound = 10037;

    /// <summary>The last message stored on <paramref name="subject"/> in <paramref name="stream"/>, or null when there is none.</summary>
    public static async Task<StoredMessage?> LastAsync(this INatsJSContext js, string stream, string subject)
    {
        var found = await js.GetStreamAsync(stream);
        try
        {
            return (await found.GetAsync(new StreamMsgGetRequest { LastBySubj = subject })).Message;
        }
        catch (NatsJSApiException ex) when (ex.Error.ErrCode == NoMessageFound)
        {
            return null;
        }
    }

    /// <summary>
    /// The headers of a stored message, from the base64 header block the stream API returns
    /// (<c>NATS/1.0</c>, then one <c>Key: value</c> per line); empty when it has none.
    /// </summary>
    public static Dictionary<string, string> Headers(this StoredMessage message)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrEmpty(message.Hdrs))
            return headers;
        foreach (var line in Encoding.UTF8.GetString(Convert.FromBase64String(message.Hdrs)).Split("\r\n").Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
                headers[line[..colon]] = line[(colon + 1)..].Trim();
        }
        return headers;
    }
}
