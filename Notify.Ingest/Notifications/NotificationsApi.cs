using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Notify.Core.Notifications;
using Notify.Ingest.Auth;
using Notify.Ingest.Json;
using Notify.Ingest.Problems;
using Notify.Ingest.RateLimiting;

namespace Notify.Ingest.Notifications;

/// <summary><c>/v1/notifications</c>: send one or a batch (scope <c>send</c>).</summary>
public static class NotificationsApi
{
    /// <summary>The header that makes a send safe to retry.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/notifications").WithTags("Notifications").RequireRateLimiting(ApiRateLimiting.Policy);
        api.MapPost("/", SendAsync).RequireAuthorization(ApiScopes.Send).Accepts<SendNotificationRequest>("application/json");
        api.MapPost("/batch", SendBatchAsync).RequireAuthorization(ApiScopes.Send).Accepts<SendBatchRequest>("application/json");
        return api;
    }

    /// <summary>Accepts one notification: 202 once it is durable, 200 with the same id for a repeat.</summary>
    public static async Task<Results<Accepted<NotificationAccepted>, Ok<NotificationAccepted>, ValidationProblem, ProblemHttpResult>> SendAsync(
        [AsParameters] NotificationServices services, HttpRequest request, ClaimsPrincipal user,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey, CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync(request, IngestJson.Default.SendNotificationRequest, services.Validator.Limits.MaxBodyBytes,
            cancellationToken);
        if (body.Problem is { } problem)
            return problem;

        Dictionary<string, string[]>? errors = null;
        NotificationValidator.CheckIdempotencyKey(idempotencyKey, ref errors, IdempotencyKeyHeader);
        var content = services.Validator.Validate(body.Value!, ref errors);
        if (content is null || errors is not null)
        {
            services.Metrics.Rejected();
            return ApiProblems.Validation(errors!);
        }

        var tenant = user.ApiClient().Tenant;
        var id = idempotencyKey is null ? NotificationIds.New() : NotificationIds.FromIdempotencyKey(tenant, idempotencyKey);
        var outcome = await services.Acceptor.AcceptAsync(content.ToEnvelope(id, tenant, services.Acceptor.Now, idempotencyKey), cancellationToken);
        return ToResult(outcome, request.HttpContext.Response);
    }

    /// <summary>
    /// Accepts up to 1,000 notifications: 200 with a result per item (valid items are accepted even when others are
    /// invalid); 503 when NATS took none of them.
    /// </summary>
    public static async Task<Results<Ok<BatchAccepted>, ValidationProblem, ProblemHttpResult>> SendBatchAsync(
        [AsParameters] NotificationServices services, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var limits = services.Validator.Limits;
        var body = await JsonBodyReader.ReadAsync(request, IngestJson.Default.SendBatchRequest, limits.MaxBatchBodyBytes, cancellationToken);
        if (body.Problem is { } problem)
            return problem;
        if (body.Value!.Items is not { Count: > 0 } items || items.Count > limits.MaxBatchItems)
        {
            services.Metrics.Rejected();
            return ApiProblems.Validation(new Dictionary<string, string[]>
            {
                ["items"] = [$"Must hold 1 to {limits.MaxBatchItems} notifications."],
            });
        }

        var batch = NotificationBatch.Read(items, services.Validator, user.ApiClient().Tenant, services.Acceptor.Now);
        services.Metrics.Rejected(batch.RejectedCount);
        var outcomes = await services.Acceptor.AcceptManyAsync(batch.Envelopes, cancellationToken);
        if (outcomes.Length > 0 && outcomes.All(o => o.Status == AcceptStatus.Unavailable))
            return ApiProblems.QueueUnavailable(request.HttpContext.Response,
                "The notification queue is unreachable; retry the batch, with an idempotencyKey on each item.");
        return TypedResults.Ok(batch.Results(outcomes));
    }

    /// <summary>The HTTP answer to a single accept.</summary>
    public static Results<Accepted<NotificationAccepted>, Ok<NotificationAccepted>, ValidationProblem, ProblemHttpResult> ToResult(
        AcceptOutcome outcome, HttpResponse response) => outcome.Status switch
        {
            AcceptStatus.Accepted => TypedResults.Accepted($"/v1/notifications/{outcome.Id}", new NotificationAccepted(outcome.Id, NotificationAccepted.Accepted)),
            AcceptStatus.Duplicate => TypedResults.Ok(new NotificationAccepted(outcome.Id, NotificationAccepted.Duplicate)),
            _ => ApiProblems.QueueUnavailable(response),
        };
}
