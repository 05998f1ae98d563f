using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Notify.Core.Notifications;
using Notify.Core.Storage;
using Notify.Ingest.Auth;
using Notify.Ingest.Json;
using Notify.Ingest.Problems;
using Notify.Ingest.RateLimiting;

namespace Notify.Ingest.Notifications;

/// <summary>
/// <c>/v1/notifications</c>: send one or a batch, cancel (scope <c>send</c>); read the status (scope <c>read</c>). Every
/// read is confined to the API key's tenant: another tenant's id is not found.
/// </summary>
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
        api.MapGet("/{id:guid}", GetAsync).RequireAuthorization(ApiScopes.Read);
        api.MapDelete("/{id:guid}", CancelAsync).RequireAuthorization(ApiScopes.Send);
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
        var tenant = user.ApiClient().Tenant;
        if (content is not null)
            services.Validator.CheckTemplateData(tenant, content, ref errors);
        if (content is null || errors is not null)
        {
            services.Metrics.Rejected();
            return ApiProblems.Validation(errors!);
        }

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

    /// <summary>The notification's status, deliveries and timeline; <c>queued</c> while it waits in its stream.</summary>
    public static async Task<Results<Ok<NotificationStatusResponse>, ProblemHttpResult>> GetAsync(
        Guid id, [AsParameters] NotificationQueryServices services, ClaimsPrincipal user, HttpResponse response, CancellationToken cancellationToken)
    {
        var found = await services.Lookup.FindAsync(user.ApiClient().Tenant, id, cancellationToken);
        if (found.Status is { } status)
            return TypedResults.Ok(status);
        return found.Uncertain ? ApiProblems.StorageUnavailable(response) : ApiProblems.NotFound($"No notification {id}.");
    }

    /// <summary>Cancels a notification that has not been sent (recorded or still queued): 200, or 409 when it went out.</summary>
    public static async Task<Results<Ok<NotificationCancelled>, ProblemHttpResult>> CancelAsync(
        Guid id, [AsParameters] NotificationQueryServices services, ClaimsPrincipal user, HttpResponse response, CancellationToken cancellationToken)
    {
        var client = user.ApiClient();
        var (verdict, status) = await services.Cancellation.CancelAsync(client.Tenant, id, client.Name, cancellationToken);
        return verdict switch
        {
            CancelVerdict.Cancelled => TypedResults.Ok(new NotificationCancelled(id)),
            CancelVerdict.TooLate => ApiProblems.Conflict($"Too late to cancel: the notification is {status?.ToWire()}."),
            CancelVerdict.NotFound => ApiProblems.NotFound($"No notification {id}."),
            CancelVerdict.StorageDown => ApiProblems.StorageUnavailable(response),
            _ => ApiProblems.QueueUnavailable(response, "The cancellation could not reach the dispatchers; retry it."),
        };
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
