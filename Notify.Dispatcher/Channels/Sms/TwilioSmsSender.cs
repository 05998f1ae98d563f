using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Notify.Core.Notifications;
using Notify.Core.Templates;
using Notify.Dispatcher.Telemetry;
using Polly.Timeout;

namespace Notify.Dispatcher.Channels.Sms;

/// <summary>
/// SMS through Twilio's Messages API: form-encoded <c>To</c>/<c>From</c>/<c>Body</c> with basic auth. Creating a
/// Message has no idempotency key at Twilio, so a request repeated after a lost answer or a crash is a second text; the
/// <c>I-Twilio-Idempotency-Token</c> it carries is the delivery's key for the sandbox to count repeats. Each text's GSM-7/UCS-2
/// segments are recorded (metric <c>notify.sms.segments</c>, tags on the current span): providers bill per segment.
/// </summary>
public sealed class TwilioSmsSender(IHttpClientFactory http, TwilioOptions options, DispatcherTelemetry telemetry) : IChannelSender
{
    /// <summary>Named HttpClient.</summary>
    public const string ClientName = "twilio";

    /// <summary>Twilio's own error codes that retrying cannot fix (invalid or unreachable number, opted out, too long…).</summary>
    private static readonly HashSet<int> PermanentCodes = [21211, 21212, 21408, 21610, 21612, 21614, 21617, 21635];

    private readonly string _basicAuth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.AccountSid}:{options.AuthToken}"));

    /// <inheritdoc />
    public Channel Channel => Channel.Sms;

    /// <inheritdoc />
    public string Provider => "twilio";

    /// <inheritdoc />
    public async ValueTask<SendOutcome> SendAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post,
            $"{options.BaseUrl.TrimEnd('/')}/2010-04-01/Accounts/{options.AccountSid}/Messages.json")
        {
            Content = new FormUrlEncodedContent([
                new("To", request.Contacts.Phone!),
                new("From", options.From),
                new("Body", request.Content.Body),
            ]),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Basic", _basicAuth);
        message.Headers.Add("I-Twilio-Idempotency-Token", request.IdempotencyKey);
        message.Headers.Add("X-Notify-User-Id", request.Notification.UserId);
        var measure = SmsSegments.Measure(request.Content.Body);
        telemetry.SmsMeasured(measure, request.Notification.Priority);
        Activity.Current?.SetTag("notify.sms.segments", measure.Segments).SetTag("notify.sms.encoding", measure.EncodingName);
        try
        {
            using var response = await http.CreateClient(ClientName).SendAsync(message, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var sent = await response.Content.ReadFromJsonAsync(ProviderJson.Default.TwilioMessage, cancellationToken);
                return SendOutcome.Success(Provider, sent?.Sid);
            }
            var error = await ReadErrorAsync(response, cancellationToken);
            var permanent = error?.Code is { } code && PermanentCodes.Contains(code);
            var text = $"{(int)response.StatusCode} {error?.Code} {error?.Message}".TrimEnd();
            return !permanent && HttpOutcomes.IsTransient(response.StatusCode)
                ? SendOutcome.Retry(Provider, text, HttpOutcomes.RetryAfter(response.Headers))
                : SendOutcome.Reject(Provider, text);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
        {
            return HttpOutcomes.FromException(Provider, ex);
        }
    }

    private static async Task<TwilioError?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(ProviderJson.Default.TwilioError, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
