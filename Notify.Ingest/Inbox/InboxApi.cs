using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Notify.Core.Storage;
using Notify.Ingest.Auth;
using Notify.Ingest.Notifications;
using Notify.Ingest.Problems;
using Notify.Ingest.RateLimiting;
using Npgsql;

namespace Notify.Ingest.Inbox;

/// <summary><c>/v1/users/{userId}/inbox</c>: the in-app inbox, paged or live (scope <c>read</c>).</summary>
public static class InboxApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapInboxApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/users/{userId}/inbox").WithTags("Inbox").RequireRateLimiting(ApiRateLimiting.Policy)
            .RequireAuthorization(ApiScopes.Read);
        api.MapGet("/", ListAsync);
        api.MapGet("/stream", StreamAsync);
        return api;
    }

    /// <summary>A page of the inbox, newest first; <c>after</c> is the previous page's <c>next</c>, <c>limit</c> 1 to 200 (default 50).</summary>
    public static async Task<Results<Ok<InboxPage>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string userId, string? after, string? limit, [AsParameters] InboxServices services, ClaimsPrincipal user, HttpResponse response,
        CancellationToken cancellationToken)
    {
        Dictionary<string, string[]>? errors = null;
        NotificationValidator.CheckUserId(userId, ref errors);
        var (size, cursor) = PageQuery.Read(limit, after, InboxStore.MaxPageSize, ref errors);
        if (errors is not null)
            return ApiProblems.Validation(errors);

        try
        {
            var page = await services.Store.ListAsync(user.ApiClient().Tenant, userId, size, cursor, cancellationToken);
            return TypedResults.Ok(new InboxPage([.. page.Items.Select(InboxItem.From)], page.Next?.ToString()));
        }
        catch (NpgsqlException)
        {
            return ApiProblems.StorageUnavailable(response);
        }
    }

    /// <summary>The inbox as server-sent events; reconnect with <c>Last-Event-ID</c> to get what was missed.</summary>
    public static async Task<Results<InboxEventStream, ValidationProblem, ProblemHttpResult>> StreamAsync(
        string userId, [FromHeader(Name = "Last-Event-ID")] string? lastEventId, [AsParameters] InboxServices services, ClaimsPrincipal user,
        HttpResponse response, CancellationToken cancellationToken)
    {
        Dictionary<string, string[]>? errors = null;
        NotificationValidator.CheckUserId(userId, ref errors);
        PageCursor position = default;
        if (lastEventId is not null && !PageCursor.TryParse(lastEventId, out position))
            FieldErrors.Add(ref errors, "Last-Event-ID", "Must be the id of an event of this stream.");
        if (errors is not null)
            return ApiProblems.Validation(errors);

        var tenant = user.ApiClient().Tenant;
        if (await InboxEventStream.TrySubscribeAsync(services.Nats, tenant, userId, cancellationToken) is not { } subscription)
            return ApiProblems.QueueUnavailable(response, "Live messages are unavailable while NATS is unreachable; retry shortly.");
        return new InboxEventStream(subscription, services.Replay, tenant, userId, lastEventId is null ? null : position,
            services.Options.Value, services.Logger);
    }
}
