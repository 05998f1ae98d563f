using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Notify.Sandbox;
using Notify.Sandbox.Push;
using Notify.Sandbox.Sms;
using Notify.Sandbox.Webhooks;

namespace Notify.Tests.Sandbox;

/// <summary>Requests built as the providers' clients build them: Twilio forms with Basic auth, FCM JSON with a bearer token, signed webhooks.</summary>
public static class ProviderRequests
{
    /// <summary>The sandbox's default Twilio account.</summary>
    public const string AccountSid = "ACsandbox00000000000000000000000000";

    /// <summary>The sandbox's default Twilio auth token.</summary>
    public const string AuthToken = "sandbox-token";

    /// <summary>A project id for FCM requests.</summary>
    public const string Project = "notify-tests";

    /// <summary>A Create a Message request with <paramref name="fields"/> as the form.</summary>
    public static HttpRequestMessage TwilioSend(
        IEnumerable<KeyValuePair<string, string>> fields,
        string? userId = null,
        string? idempotencyToken = null,
        string accountSid = AccountSid,
        string? basicUser = AccountSid,
        string basicPassword = AuthToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/2010-04-01/Accounts/{accountSid}/Messages.json")
        {
            Content = new FormUrlEncodedContent(fields),
        };
        if (basicUser is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{basicUser}:{basicPassword}")));
        }

        AddHeader(request, ProviderCall.UserIdHeader, userId);
        AddHeader(request, TwilioMessagesApi.IdempotencyTokenHeader, idempotencyToken);
        return request;
    }

    /// <summary>An SMS from Twilio's always-valid test sender.</summary>
    public static HttpRequestMessage Sms(string to, string body = "Your order is on its way.", string? userId = null, string? idempotencyToken = null) =>
        TwilioSend([new("To", to), new("From", TwilioMagicNumbers.ValidSender), new("Body", body)], userId, idempotencyToken);

    /// <summary>A messages:send request with <paramref name="json"/> as body.</summary>
    public static HttpRequestMessage FcmSend(string json, string? userId = null, string? idempotencyKey = null, string? bearer = "ya29.sandbox-access-token")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/projects/{Project}/messages:send")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        AddHeader(request, ProviderCall.UserIdHeader, userId);
        AddHeader(request, FcmApi.IdempotencyKeyHeader, idempotencyKey);
        return request;
    }

    /// <summary>A push notification to one device token.</summary>
    public static HttpRequestMessage Push(string token, string? userId = null, string? idempotencyKey = null) =>
        FcmSend(
            JsonSerializer.Serialize(new
            {
                message = new { token, notification = new { title = "Order 42", body = "Your courier is here." }, data = new { orderId = "42" } },
            }),
            userId,
            idempotencyKey);

    /// <summary>
    /// A webhook delivery signed as the Standard Webhooks spec says: HMAC-SHA256 under the base64-decoded
    /// <c>whsec_</c> secret over <c>{id}.{timestamp}.{body}</c>, sent as <c>v1,&lt;base64&gt;</c>.
    /// </summary>
    public static HttpRequestMessage Webhook(
        string endpoint, string json, string secret, string id, DateTimeOffset? signedAt = null, string? userId = null, string? extraSignatures = null)
    {
        string timestamp = (signedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        byte[] key = Convert.FromBase64String(secret["whsec_".Length..]);
        string signature = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{json}")));
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/" + endpoint)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookHeaders.Id, id);
        request.Headers.Add(WebhookHeaders.Timestamp, timestamp);
        request.Headers.Add(WebhookHeaders.Signature, extraSignatures is null ? signature : $"{extraSignatures} {signature}");
        AddHeader(request, ProviderCall.UserIdHeader, userId);
        return request;
    }

    private static void AddHeader(HttpRequestMessage request, string name, string? value)
    {
        if (value is not null)
        {
            request.Headers.Add(name, value);
        }
    }
}
