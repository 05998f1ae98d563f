using System.Security.Cryptography;
using System.Text;

namespace Notify.Dispatcher.Channels.Webhook;

/// <summary>
/// Standard Webhooks signatures: <c>v1,</c> + base64(HMAC-SHA256(secret, "{webhook-id}.{webhook-timestamp}.{body}")),
/// the secret being the base64 after the <c>whsec_</c> prefix.
/// </summary>
public static class WebhookSigner
{
    /// <summary>The <c>webhook-signature</c> value.</summary>
    public static string Sign(string secret, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var key = Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret[6..] : secret);
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }
}
