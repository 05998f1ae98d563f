using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Notify.Core.Users;

/// <summary>What an unsubscribe link asks: <paramref name="UserId"/> of <paramref name="Tenant"/> no longer wants <paramref name="Category"/>.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="UserId">The user.</param>
/// <param name="Category">A type (<c>account.newsletter</c>) or a category (<c>promo.*</c>).</param>
public sealed record Unsubscription(string Tenant, string UserId, string Category);

/// <summary>Why a token was not accepted.</summary>
public enum UnsubscribeTokenError
{
    /// <summary>Accepted.</summary>
    None,
    /// <summary>Not a token at all (missing, cut off, not base64url).</summary>
    Malformed,
    /// <summary>Well-formed, but its signature is not ours: forged or altered.</summary>
    Forged,
}

/// <summary>
/// Signed unsubscribe tokens: base64url of <c>v1 \n tenant \n user \n category</c>, a dot, and base64url of its
/// HMAC-SHA256 under <see cref="UnsubscribeOptions.SigningKey"/>. Nothing is stored: the signature is the proof.
/// </summary>
public sealed class UnsubscribeTokens(UnsubscribeOptions options)
{
    private const string Version = "v1";
    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.SigningKey ?? "");

    /// <summary>The token for <paramref name="unsubscription"/>.</summary>
    public string Create(Unsubscription unsubscription)
    {
        ArgumentNullException.ThrowIfNull(unsubscription);
        var payload = Encoding.UTF8.GetBytes(string.Join('\n', Version, unsubscription.Tenant, unsubscription.UserId, unsubscription.Category));
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(_key, payload));
    }

    /// <summary>Reads and checks <paramref name="token"/>.</summary>
    public UnsubscribeTokenError TryRead(string? token, out Unsubscription? unsubscription)
    {
        unsubscription = null;
        var dot = token?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (token is null || dot <= 0 || token.Length > 2048)
            return UnsubscribeTokenError.Malformed;
        byte[] payload, signature;
        try
        {
            payload = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
            signature = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return UnsubscribeTokenError.Malformed;
        }
        var parts = Encoding.UTF8.GetString(payload).Split('\n');
        if (parts.Length != 4 || parts[0] != Version || parts.Skip(1).Any(string.IsNullOrEmpty))
            return UnsubscribeTokenError.Malformed;
        if (!CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(_key, payload)))
            return UnsubscribeTokenError.Forged;
        unsubscription = new Unsubscription(parts[1], parts[2], parts[3]);
        return UnsubscribeTokenError.None;
    }
}
