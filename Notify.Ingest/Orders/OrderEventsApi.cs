using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Notify.Core.Notifications;
using Notify.Ingest.Auth;
using Notify.Ingest.Json;
using Notify.Ingest.Notifications;
using Notify.Ingest.Problems;
using Notify.Ingest.RateLimiting;

namespace Notify.Ingest.Orders;

/// <summary><c>/v1/events/orders</c>: an order's status change, turned into the notification the deployment maps it to.</summary>
public static class OrderEventsApi
{
    private const int MaxOrderIdLength = 128;

    /// <summary>Maps the endpoint.</summary>
    public static RouteGroupBuilder MapOrderEventsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/events").WithTags("Order events").RequireRateLimiting(ApiRateLimiting.Policy);
        api.MapPost("/orders", ReportAsync).RequireAuthorization(ApiScopes.Send).Accepts<OrderEventRequest>("application/json");
        return api;
    }

    /// <summary>
    /// Accepts an order event as a notification (collapse key = order id): 202, or 200 with the same id when the same
    /// status of the same order was reported before (without an Idempotency-Key, order id + status is the key), or
    /// 204 when the deployment raises no notification for the status.
    /// </summary>
    public static async Task<Results<Accepted<NotificationAccepted>, Ok<NotificationAccepted>, NoContent, ValidationProblem, ProblemHttpResult>> ReportAsync(
        [AsParameters] OrderEventServices services, HttpRequest request, ClaimsPrincipal user,
        [FromHeader(Name = NotificationsApi.IdempotencyKeyHeader)] string? idempotencyKey, CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync(request, IngestJson.Default.OrderEventRequest, services.Validator.Limits.MaxBodyBytes, cancellationToken);
        if (body.Problem is { } problem)
            return problem;
        var orderEvent = body.Value!;

        Dictionary<string, string[]>? errors = null;
        NotificationValidator.CheckIdempotencyKey(idempotencyKey, ref errors, NotificationsApi.IdempotencyKeyHeader);
        if (orderEvent.OrderId is null || !TextRules.IsPrintable(orderEvent.OrderId, MaxOrderIdLength))
            FieldErrors.Add(ref errors, "orderId", $"Required: 1 to {MaxOrderIdLength} printable characters.");
        NotificationValidator.CheckUserId(orderEvent.UserId, ref errors);
        OrderStatus status = default;
        if (!IsStatusName(orderEvent.Status) || !OrderEventMap.TryParseStatus(orderEvent.Status, out status))
            FieldErrors.Add(ref errors, "status", "Must be one of PLACED, ACCEPTED, PREPARING, READY_FOR_PICKUP, OUT_FOR_DELIVERY, NEARBY, DELIVERED, CANCELLED.");
        services.Validator.CheckData(orderEvent.Data, ref errors);
        if (errors is not null)
        {
            services.Metrics.Rejected();
            return ApiProblems.Validation(errors);
        }

        if (services.Map.Find(status) is not { } rule)
            return TypedResults.NoContent();
        var type = services.Validator.CheckType(rule.Type, ref errors)!; // the map is checked against the catalogue at start
        var content = new NotificationContent(orderEvent.UserId!, rule.Type, rule.Priority ?? type.Priority, null, orderEvent.Data, null, orderEvent.OrderId)
        {
            OrderId = orderEvent.OrderId,
        };

        var tenant = user.ApiClient().Tenant;
        services.Validator.CheckTemplateData(tenant, content, ref errors);
        if (errors is not null)
        {
            services.Metrics.Rejected();
            return ApiProblems.Validation(errors);
        }

        var key = idempotencyKey ?? $"order:{orderEvent.OrderId}:{status}";
        var envelope = content.ToEnvelope(NotificationIds.FromIdempotencyKey(tenant, key), tenant, services.Acceptor.Now, key);
        var outcome = await services.Acceptor.AcceptAsync(envelope, cancellationToken);
        return outcome.Status switch
        {
            AcceptStatus.Accepted => TypedResults.Accepted($"/v1/notifications/{outcome.Id}", new NotificationAccepted(outcome.Id, NotificationAccepted.Accepted)),
            AcceptStatus.Duplicate => TypedResults.Ok(new NotificationAccepted(outcome.Id, NotificationAccepted.Duplicate)),
            _ => ApiProblems.QueueUnavailable(request.HttpContext.Response),
        };
    }

    // The enum parser underneath would also take a number ("3") or "OutForDelivery"; the wire form is a name in capitals.
    private static bool IsStatusName(string? status) =>
        status is { Length: > 0 and <= 32 } && !status.AsSpan().ContainsAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_");
}
