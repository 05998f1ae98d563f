using System.Security.Cryptography;
using System.Text;

namespace Notify.Dispatcher.Channels.Webhook;

/// <summary>
/// Standard Webhooks signatures: <c>v1,</c> + base64(HMAC-SHA256(secret, "{webhook-id}.{webhook-timestamp}.{body}")),
/// the secret being the base64 after the <c>whsec_</c> prefix.
/// </summary>
public static class WebhookSigner
{
    private const string Prefix = "whsec_";

    /// <summary>The <c>webhook-signature</c> value.</summary>
    public static string Sign(string secret, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var key = Convert.FromBase64String(Key(secret));
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    /// <summary>Whether <paramref name="secret"/> is one <see cref="Sign"/> takes: <c>whsec_</c> (optional) and non-empty base64.</summary>
    public static bool IsSecret(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
            return false;
        var key = Key(secret);
        return key.Length > 0 && Convert.TryFromBase64String(key, new byte[key.Length], out _);
    }

    private static string Key(string secret) => secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret;
}
