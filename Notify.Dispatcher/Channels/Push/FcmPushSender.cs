using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Notify.Core.Notifications;
using Polly.Timeout;

namespace Notify.Dispatcher.Channels.Push;

/// <summary>
/// Push through FCM HTTP v1 (<c>POST /v1/projects/{project}/messages:send</c>), one request per device token. Sent when
/// any device took it; tokens FCM reports <c>UNREGISTERED</c> are returned so the user's contacts can drop them. FCM has
/// no idempotency key: a request repeated after a lost answer or a crash is a second push. The <c>Idempotency-Key</c> it
/// carries is the delivery's key, for the sandbox to count repeats.
/// </summary>
public sealed class FcmPushSender(IHttpClientFactory http, FcmOptions options) : IChannelSender
{
    /// <summary>Named HttpClient.</summary>
    public const string ClientName = "fcm";

    /// <inheritdoc />
    public Channel Channel => Channel.Push;

    /// <inheritdoc />
    public string Provider => "fcm";

    /// <inheritdoc />
    public async ValueTask<SendOutcome> SendAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        var client = http.CreateClient(ClientName);
        SendOutcome? sent = null, last = null;
        List<string>? unregistered = null;
        foreach (var token in request.Contacts.PushTokens ?? [])
        {
            var outcome = await SendToDeviceAsync(client, request, token, cancellationToken);
            if (outcome.Result == SendResult.Sent)
                sent ??= outcome;
            else if (outcome.Error?.Contains("UNREGISTERED", StringComparison.Ordinal) == true)
                (unregistered ??= []).Add(token);
            if (outcome.Result != SendResult.Sent && (last is null || outcome.Result == SendResult.Transient))
                last = outcome; // a transient failure on any device makes the whole delivery worth retrying
        }
        var result = sent ?? last ?? SendOutcome.Reject(Provider, "no push token");
        return result with { UnregisteredTokens = unregistered };
    }

    private async Task<SendOutcome> SendToDeviceAsync(HttpClient client, DeliveryRequest request, string token, CancellationToken cancellationToken)
    {
        var data = new Dictionary<string, string>
        {
            ["notificationId"] = request.Notification.Id.ToString(),
            ["type"] = request.Notification.Type,
        };
        if (request.Notification.OrderId is { } orderId)
            data["orderId"] = orderId;
        var body = new FcmSendRequest(new FcmMessage(token, new FcmNotification(request.Content.Title, request.Content.Body), data));
        using var message = new HttpRequestMessage(HttpMethod.Post, $"{options.BaseUrl.TrimEnd('/')}/v1/projects/{options.ProjectId}/messages:send")
        {
            Content = JsonContent.Create(body, ProviderJson.Default.FcmSendRequest),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.AccessToken);
        message.Headers.Add("Idempotency-Key", request.IdempotencyKey);
        message.Headers.Add("X-Notify-User-Id", request.Notification.UserId);
        try
        {
            using var response = await client.SendAsync(message, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var sent = await response.Content.ReadFromJsonAsync(ProviderJson.Default.FcmSendResponse, cancellationToken);
                return SendOutcome.Success(Provider, sent?.Name);
            }
            var error = await ReadErrorAsync(response, cancellationToken);
            return HttpOutcomes.IsTransient(response.StatusCode) && error != "UNREGISTERED"
                ? SendOutcome.Retry(Provider, $"{(int)response.StatusCode} {error}", HttpOutcomes.RetryAfter(response.Headers))
                : SendOutcome.Reject(Provider, $"{(int)response.StatusCode} {error}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
        {
            return HttpOutcomes.FromException(Provider, ex);
        }
    }

    /// <summary>FCM's errorCode (UNREGISTERED, INVALID_ARGUMENT, QUOTA_EXCEEDED…), else Google's status.</summary>
    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var error = await response.Content.ReadFromJsonAsync(ProviderJson.Default.GoogleErrorResponse, cancellationToken);
            var code = error?.Error?.Details?.Select(d => d.ErrorCode).FirstOrDefault(c => c is not null);
            return code ?? error?.Error?.Status ?? response.StatusCode.ToString();
        }
        catch (JsonException)
        {
            return response.StatusCode == HttpStatusCode.NotFound ? "NOT_FOUND" : response.StatusCode.ToString();
        }
    }
}
