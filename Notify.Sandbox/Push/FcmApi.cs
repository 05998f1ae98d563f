using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Notify.Core.Notifications;
using Notify.Sandbox.Records;

namespace Notify.Sandbox.Push;

/// <summary>Push in the shape of FCM HTTP v1: <c>POST /v1/projects/{projectId}/messages:send</c>.</summary>
public static class FcmApi
{
    /// <summary>
    /// Not an FCM header: FCM HTTP v1 has no idempotency key, so a repeated send is a second push on the phone.
    /// Notify's push sender adds it anyway; the stand-in delivers the repeat like FCM and counts it as a duplicate.
    /// </summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Device tokens starting with this are answered 404 UNREGISTERED.</summary>
    public const string UnregisteredTokenPrefix = "unregistered-";

    /// <summary>Device tokens starting with this are answered 400 INVALID_ARGUMENT.</summary>
    public const string InvalidTokenPrefix = "invalid-";

    /// <summary>Maps the send endpoint.</summary>
    public static IEndpointRouteBuilder MapFcmApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/projects/{projectId}")
            .WithTags("FCM")
            .MapPost("/messages:send", Send);
        return app;
    }

    /// <summary>messages:send: 200 with the message's name, or Google's error with FCM's error code.</summary>
    public static async Task<Results<Ok<FcmSendResponse>, ProviderError<GoogleError>>> Send(
        string projectId,
        HttpRequest request,
        [FromHeader(Name = "Authorization")] string? authorization,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        [FromHeader(Name = ProviderCall.UserIdHeader)] string? userId,
        [AsParameters] ProviderServices services,
        CancellationToken cancellationToken)
    {
        using JsonDocument? document = await FcmRequestReader.ParseAsync(request.Body, cancellationToken);
        var call = new ProviderCall(Channel.Push, userId, document is null ? null : FcmRequestReader.PeekTarget(document.RootElement));
        if (await services.Faults.InjectAsync(call, cancellationToken) is { } fault)
        {
            return FcmErrors.Injected(fault);
        }

        if (FcmCredentials.Check(authorization, services.Options.Value.Fcm) is { } refusal)
        {
            return services.Reject(call, refusal);
        }

        if (document is null)
        {
            return services.Reject(call, FcmRequestReader.NotJson());
        }

        if (!FcmRequestReader.TryRead(document.RootElement, out FcmMessage? fcm, out ProviderError<GoogleError>? invalid))
        {
            return services.Reject(call, invalid);
        }

        if (fcm.Token?.StartsWith(InvalidTokenPrefix, StringComparison.Ordinal) == true)
        {
            return services.Reject(call, FcmErrors.InvalidToken());
        }

        if (fcm.Token?.StartsWith(UnregisteredTokenPrefix, StringComparison.Ordinal) == true)
        {
            return services.Reject(call, FcmErrors.Unregistered());
        }

        if (fcm.ValidateOnly)
        {
            services.Stats.Record(call, CallOutcome.Validated);
            return TypedResults.Ok(new FcmSendResponse($"projects/{projectId}/messages/fake_message_id"));
        }

        var message = new SandboxMessage(
            $"projects/{projectId}/messages/{NewMessageId(services.Time)}",
            Channel.Push,
            fcm.Target,
            userId,
            fcm.Title,
            fcm.Body,
            fcm.Data,
            idempotencyKey,
            services.Time.GetUtcNow());
        Acceptance acceptance = services.Accept(call, message, projectId, KeyHandling.Deliver);
        return TypedResults.Ok(new FcmSendResponse(acceptance.Message.Id));
    }

    // FCM's ids look like 0:1500415314455276%31bd1c9631bd1c96: a microsecond timestamp and 64 random bits in hex.
    private static string NewMessageId(TimeProvider time)
    {
        long micros = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10;
        return string.Create(CultureInfo.InvariantCulture, $"0:{micros}%{Guid.NewGuid().ToString("N")[..16]}");
    }
}
