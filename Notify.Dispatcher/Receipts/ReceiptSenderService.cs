using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using NATS.Client.JetStream;
using Notify.Core.Messaging;
using Notify.Core.Status;
using Notify.Dispatcher.Channels.Webhook;
using Notify.Dispatcher.Hosting;
using Polly.Timeout;

namespace Notify.Dispatcher.Receipts;

/// <summary>
/// Sends delivery receipts: takes the status changes published for tenants with a status webhook off the receipt
/// stream (its own consumer, shared by the replicas) and POSTs each change to the tenant's webhook, signed per Standard
/// Webhooks with the tenant's secret. A batch whose POSTs do not all succeed is retried as a whole after a delay that
/// doubles per attempt (the ids repeat, so the receiver drops what it already has); after
/// <see cref="ReceiptOptions.MaxAttempts"/> it is given up and logged. Deliveries never wait for any of this.
/// </summary>
public sealed partial class ReceiptSenderService(INatsJSContext js, StatusWebhooks webhooks, IHttpClientFactory http, ReceiptOptions options,
    TimeProvider time, ILogger<ReceiptSenderService> logger) : BackgroundService
{
    /// <summary>Named HttpClient.</summary>
    public const string ClientName = "receipts";

    private const int BatchSize = 64;

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Supervised.RunAsync(async ct =>
        {
            var consumer = await js.GetConsumerAsync(Subjects.ReceiptStream, Subjects.ReceiptConsumer, ct);
            while (!ct.IsCancellationRequested)
            {
                var batch = new List<Task>(BatchSize);
                await foreach (var msg in consumer.FetchAsync(new NatsJSFetchOpts { MaxMsgs = BatchSize, Expires = TimeSpan.FromSeconds(2) },
                    NotifySerializer<IReadOnlyList<StatusEvent>>.Default, ct))
                    batch.Add(SendAsync(msg, ct));
                await Task.WhenAll(batch);
            }
        }, Supervised.Until.Stopped, LogConsumeFailed, stoppingToken);

    private async Task SendAsync(INatsJSMsg<IReadOnlyList<StatusEvent>> msg, CancellationToken cancellationToken)
    {
        // NATS.Net hands a body that does not deserialize over as msg.Error, and an empty one as null data.
        if (msg.Data is not { } events)
        {
            LogMalformed(msg.Subject, (msg.Error?.InnerException ?? msg.Error)?.Message ?? "empty message");
            await msg.AckTerminateAsync(cancellationToken: cancellationToken);
            return;
        }
        var attempt = (int)(msg.Metadata?.NumDelivered ?? 1);
        var tenant = events.Count > 0 ? events[0].Tenant : null;
        var webhook = tenant is null ? null : await webhooks.GetAsync(tenant, cancellationToken);
        string? error = null;
        if (webhook is not null)
        {
            foreach (var e in events)
            {
                error = await PostAsync(webhook.Url, webhook.Secret, e, cancellationToken);
                if (error is not null)
                    break;
            }
        }
        if (error is null)
            await msg.AckAsync(cancellationToken: cancellationToken);
        else if (attempt >= options.MaxAttempts)
        {
            LogGivenUp(tenant!, events.Count, attempt, error);
            await msg.AckTerminateAsync(cancellationToken: cancellationToken);
        }
        else
        {
            var delay = TimeSpan.FromTicks(Math.Min(options.BaseDelay.Ticks << Math.Min(attempt - 1, 20), options.MaxDelay.Ticks));
            LogRetrying(tenant!, error, delay);
            await msg.NakAsync(new AckOpts { NakDelay = delay }, cancellationToken);
        }
    }

    /// <summary>Null when the receiver took it (2xx); otherwise what went wrong.</summary>
    private async Task<string?> PostAsync(string url, string secret, StatusEvent e, CancellationToken cancellationToken)
    {
        var id = StatusReceipt.IdOf(e);
        var body = JsonSerializer.SerializeToUtf8Bytes(StatusReceipt.From(e), ReceiptJson.Default.StatusReceipt);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSigner.Sign(secret, id, timestamp, body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            using var response = await http.CreateClient(ClientName).SendAsync(request, timeout.Token);
            return response.IsSuccessStatusCode ? null : $"{(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return ex is OperationCanceledException ? "timed out" : ex.Message;
        }
    }

    [LoggerMessage(LogLevel.Warning, "Receipt consumer failed: {Error}; again in {Delay}")]
    private partial void LogConsumeFailed(string error, TimeSpan delay);

    [LoggerMessage(LogLevel.Error, "Dropping a malformed receipt message on {Subject}: {Error}")]
    private partial void LogMalformed(string subject, string error);

    [LoggerMessage(LogLevel.Information, "Status webhook of tenant {Tenant} failed ({Error}); retrying in {Delay}")]
    private partial void LogRetrying(string tenant, string error, TimeSpan delay);

    [LoggerMessage(LogLevel.Warning, "Gave up {Count} receipt(s) for tenant {Tenant} after {Attempts} attempts: {Error}")]
    private partial void LogGivenUp(string tenant, int count, int attempts, string error);
}
