using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Notify.Sandbox.Push;

/// <summary>FCM HTTP v1's OAuth 2 bearer authentication.</summary>
public static class FcmCredentials
{
    /// <summary>The 401 FCM answers <paramref name="authorization"/> with, or null when it carries an accepted bearer token.</summary>
    public static ProviderError<GoogleError>? Check(string? authorization, FcmOptions fcm)
    {
        if (!AuthenticationHeaderValue.TryParse(authorization, out AuthenticationHeaderValue? header) ||
            !string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) ||
            string.IsNullOrWhiteSpace(header.Parameter))
        {
            return FcmErrors.MissingCredential();
        }

        if (fcm.AccessToken is { } expected &&
            !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header.Parameter), Encoding.UTF8.GetBytes(expected)))
        {
            return FcmErrors.InvalidCredential();
        }

        return null;
    }
}
