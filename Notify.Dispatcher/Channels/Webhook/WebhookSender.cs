using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Notify.Core.Notifications;
using Polly.Timeout;

namespace Notify.Dispatcher.Channels.Webhook;

/// <summary>
/// POSTs the notification as JSON to the user's endpoint, signed per Standard Webhooks (<c>webhook-id</c> is the
/// delivery's idempotency key, so a receiver can drop a retried duplicate). 2xx is sent; 410 and other 4xx are
/// permanent (the endpoint refuses it); 408, 429 and 5xx are retried.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory http, WebhookOptions options, TimeProvider time) : IChannelSender
{
    /// <summary>Named HttpClient.</summary>
    public const string ClientName = "webhook";

    /// <inheritdoc />
    public Channel Channel => Channel.Webhook;

    /// <inheritdoc />
    public string Provider => "webhook";

    /// <inheritdoc />
    /// <remarks>Standard Webhooks receivers drop a repeated <c>webhook-id</c>.</remarks>
    public bool AbsorbsRepeats => true;

    /// <inheritdoc />
    public async ValueTask<SendOutcome> SendAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        var n = request.Notification;
        var payload = new WebhookPayload(n.Id, n.Type, n.Tenant, n.UserId, n.Priority.ToWire(), request.Content.Title,
            request.Content.Body, n.OrderId, n.Data, n.AcceptedAt);
        var body = JsonSerializer.SerializeToUtf8Bytes(payload, WebhookJson.Default.WebhookPayload);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var secret = options.Secrets.GetValueOrDefault(n.Tenant, options.DefaultSecret);
        using var message = new HttpRequestMessage(HttpMethod.Post, request.Contacts.WebhookUrl) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        message.Headers.Add("webhook-id", request.IdempotencyKey);
        message.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        message.Headers.Add("webhook-signature", WebhookSigner.Sign(secret, request.IdempotencyKey, timestamp, body));
        message.Headers.Add("X-Notify-User-Id", n.UserId);
        try
        {
            using var response = await http.CreateClient(ClientName).SendAsync(message, cancellationToken);
            if (response.IsSuccessStatusCode)
                return SendOutcome.Success(Provider, request.IdempotencyKey);
            var text = $"{(int)response.StatusCode} {response.ReasonPhrase}";
            var transient = response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
            return transient
                ? SendOutcome.Retry(Provider, text, HttpOutcomes.RetryAfter(response.Headers))
                : SendOutcome.Reject(Provider, text);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
        {
            return HttpOutcomes.FromException(Provider, ex);
        }
    }
}

/// <summary>The JSON a webhook receives.</summary>
internal sealed record WebhookPayload(Guid Id, string Type, string Tenant, string UserId, string Priority, string Title, string Body,
    string? OrderId, JsonElement? Data, DateTimeOffset AcceptedAt);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WebhookPayload))]
internal sealed partial class WebhookJson : JsonSerializerContext;
