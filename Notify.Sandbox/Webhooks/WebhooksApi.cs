using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Notify.Core.Notifications;
using Notify.Sandbox.Faults;
using Notify.Sandbox.Records;

namespace Notify.Sandbox.Webhooks;

/// <summary>A webhook receiver: <c>POST /webhooks/{endpoint}</c> records signed JSON deliveries.</summary>
public static class WebhooksApi
{
    /// <summary>Maps the receiver.</summary>
    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/webhooks")
            .WithTags("Webhooks")
            .MapPost("/{endpoint}", Receive);
        return app;
    }

    /// <summary>
    /// Records a delivery with its headers and whether its signature verified (an invalid signature is recorded,
    /// not refused, so tests can see it); a repeated <c>webhook-id</c> is a duplicate, answered 200 and not recorded
    /// again, as Standard Webhooks asks receivers to deduplicate on it. 200, or the injected fault.
    /// </summary>
    public static async Task<Results<Ok, ProblemHttpResult, ProviderError<ProblemDetails>>> Receive(
        string endpoint,
        HttpRequest request,
        [FromHeader(Name = ProviderCall.UserIdHeader)] string? userIdHeader,
        [AsParameters] ProviderServices services,
        WebhookKeys keys,
        CancellationToken cancellationToken)
    {
        byte[] body = await ReadBodyAsync(request, cancellationToken);
        JsonDocument? json = TryParse(body);
        using (json)
        {
            string? userId = userIdHeader ?? UserIdIn(json);
            var call = new ProviderCall(Channel.Webhook, userId, endpoint);
            if (await services.Faults.InjectAsync(call, cancellationToken) is { } fault)
            {
                return Injected(fault);
            }

            if (json is null)
            {
                return services.Reject(call, TypedResults.Problem(
                    statusCode: StatusCodes.Status400BadRequest, title: "The webhook body is not JSON."));
            }

            IHeaderDictionary headers = request.Headers;
            string? webhookId = headers[WebhookHeaders.Id];
            SandboxOptions options = services.Options.Value;
            bool signatureValid = WebhookSignature.Verify(
                keys.For(endpoint),
                webhookId,
                headers[WebhookHeaders.Timestamp],
                headers[WebhookHeaders.Signature],
                body,
                services.Time.GetUtcNow(),
                options.WebhookTimestampTolerance);
            var message = new SandboxMessage(
                webhookId ?? "msg_" + Guid.NewGuid().ToString("N"),
                Channel.Webhook,
                endpoint,
                userId,
                Title: null,
                Encoding.UTF8.GetString(body),
                Data: null,
                webhookId,
                services.Time.GetUtcNow(),
                headers.ToDictionary(header => header.Key.ToLowerInvariant(), header => header.Value.ToString()),
                signatureValid);
            services.Accept(call, message, endpoint, KeyHandling.Deduplicate);
            return TypedResults.Ok();
        }
    }

    private static ProviderError<ProblemDetails> Injected(InjectedFault fault) =>
        new(fault.StatusCode, new ProblemDetails { Status = fault.StatusCode, Title = "Injected fault." }, JsonSerializerOptions.Web, "application/problem+json")
        {
            RetryAfter = fault.RetryAfter,
        };

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private static JsonDocument? TryParse(byte[] body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? UserIdIn(JsonDocument? json) =>
        json?.RootElement is { ValueKind: JsonValueKind.Object } root &&
        root.TryGetProperty("userId", out JsonElement userId) &&
        userId.ValueKind == JsonValueKind.String
            ? userId.GetString()
            : null;
}
