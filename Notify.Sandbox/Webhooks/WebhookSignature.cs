using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Notify.Sandbox.Webhooks;

/// <summary>
/// Standard Webhooks signature verification: <c>webhook-signature</c> holds space-separated <c>v1,&lt;base64&gt;</c>
/// signatures, each an HMAC-SHA256 of <c>{webhook-id}.{webhook-timestamp}.{body}</c>; one match suffices, and the
/// timestamp must be within the tolerance of now, either way, against replays.
/// </summary>
public static class WebhookSignature
{
    private const int Sha256Length = 32;

    /// <summary>Whether the headers carry a valid signature of <paramref name="body"/> under <paramref name="key"/>.</summary>
    public static bool Verify(
        byte[] key, string? id, string? timestamp, string? signatures, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(signatures) ||
            !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds) ||
            Math.Abs(now.ToUnixTimeSeconds() - seconds) > tolerance.TotalSeconds)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[Sha256Length];
        using (IncrementalHash hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key))
        {
            hmac.AppendData(Encoding.UTF8.GetBytes($"{id}.{timestamp}."));
            hmac.AppendData(body);
            hmac.GetHashAndReset(expected);
        }

        Span<byte> presented = stackalloc byte[Sha256Length];
        foreach (string signature in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (signature.StartsWith("v1,", StringComparison.Ordinal) &&
                Convert.TryFromBase64String(signature[3..], presented, out int length) &&
                length == Sha256Length &&
                CryptographicOperations.FixedTimeEquals(presented, expected))
            {
                return true;
            }
        }

        return false;
    }
}
