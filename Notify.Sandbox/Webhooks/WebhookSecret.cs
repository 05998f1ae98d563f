namespace Notify.Sandbox.Webhooks;

/// <summary>A Standard Webhooks secret: <c>whsec_</c> and the base64 of the HMAC key (the prefix is optional).</summary>
public static class WebhookSecret
{
    /// <summary>The secret's prefix.</summary>
    public const string Prefix = "whsec_";

    /// <summary>The HMAC key in <paramref name="secret"/>; false when it is not base64 or empty.</summary>
    public static bool TryParse(string? secret, out byte[] key)
    {
        key = [];
        if (string.IsNullOrWhiteSpace(secret))
        {
            return false;
        }

        string encoded = secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret;
        var buffer = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, buffer, out int length) || length == 0)
        {
            return false;
        }

        key = buffer[..length];
        return true;
    }
}
