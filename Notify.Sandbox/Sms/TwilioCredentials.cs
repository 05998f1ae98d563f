using System.Security.Cryptography;
using System.Text;
using System.Net.Http.Headers;

namespace Notify.Sandbox.Sms;

/// <summary>Twilio's HTTP Basic authentication: AccountSid as user, AuthToken as password, for the account in the path.</summary>
public static class TwilioCredentials
{
    private const int MaxEncodedLength = 512;

    /// <summary>Whether <paramref name="authorization"/> carries the configured account's credentials and that account is <paramref name="pathAccountSid"/>.</summary>
    public static bool Accept(string? authorization, string pathAccountSid, TwilioOptions account)
    {
        if (!AuthenticationHeaderValue.TryParse(authorization, out AuthenticationHeaderValue? header) ||
            !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) ||
            header.Parameter is not { Length: <= MaxEncodedLength })
        {
            return false;
        }

        Span<byte> decoded = stackalloc byte[header.Parameter.Length];
        if (!Convert.TryFromBase64String(header.Parameter, decoded, out int length))
        {
            return false;
        }

        string credentials = Encoding.UTF8.GetString(decoded[..length]);
        int colon = credentials.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 &&
            Same(credentials[..colon], account.AccountSid) &&
            Same(credentials[(colon + 1)..], account.AuthToken) &&
            Same(pathAccountSid, account.AccountSid);
    }

    private static bool Same(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
}
