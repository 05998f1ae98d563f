using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Notify.Core.Notifications;
using Notify.Core.Storage;
using Notify.Ingest.Auth;
using Notify.Ingest.Notifications;
using Notify.Ingest.Problems;
using Notify.Ingest.RateLimiting;
using Npgsql;

namespace Notify.Ingest.DeadLetters;

/// <summary><c>/v1/dead-letters</c>: list and replay the tenant's dead letters (scope <c>admin</c>).</summary>
public static class DeadLettersApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapDeadLettersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/dead-letters").WithTags("Dead letters").RequireRateLimiting(ApiRateLimiting.Policy)
            .RequireAuthorization(ApiScopes.Admin);
        api.MapGet("/", ListAsync);
        api.MapPost("/{id:guid}/replay", ReplayAsync);
        return api;
    }

    /// <summary>Dead letters, newest first; filter by <c>priority</c>; page with <c>limit</c> (1 to 200) and <c>after</c>.</summary>
    public static async Task<Results<Ok<DeadLetterPage>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string? priority, string? after, string? limit, [AsParameters] DeadLetterServices services, ClaimsPrincipal user, HttpResponse response,
        CancellationToken cancellationToken)
    {
        Dictionary<string, string[]>? errors = null;
        Priority? only = null;
        if (priority is not null)
        {
            if (Priorities.TryParse(priority, out var parsed))
                only = parsed;
            else
                FieldErrors.Add(ref errors, "priority", "Must be one of critical, high, normal, low.");
        }
        var (size, cursor) = PageQuery.Read(limit, after, DeadLetterStore.MaxPageSize, ref errors);
        if (errors is not null)
            return ApiProblems.Validation(errors);

        try
        {
            var page = await services.Store.ListAsync(user.ApiClient().Tenant, only, size, cursor, cancellationToken);
            return TypedResults.Ok(new DeadLetterPage([.. page.Items.Select(DeadLetterItem.From)], page.Next?.ToString()));
        }
        catch (NpgsqlException)
        {
            return ApiProblems.StorageUnavailable(response);
        }
    }

    /// <summary>Puts the dead letter's notification back on its priority subject: 202, 404, or 409 when it was just replayed.</summary>
    public static async Task<Results<Accepted<DeadLetterReplayed>, ProblemHttpResult>> ReplayAsync(
        Guid id, [AsParameters] DeadLetterServices services, ClaimsPrincipal user, HttpResponse response, CancellationToken cancellationToken)
    {
        var client = user.ApiClient();
        var (verdict, replayed) = await services.Replayer.ReplayAsync(client.Tenant, id, client.Name, cancellationToken);
        return verdict switch
        {
            ReplayVerdict.Replayed => TypedResults.Accepted($"/v1/notifications/{replayed!.NotificationId}", replayed),
            ReplayVerdict.NotFound => ApiProblems.NotFound($"No dead letter {id}."),
            ReplayVerdict.AlreadyReplayed => ApiProblems.Conflict("This dead letter was replayed moments ago; its notification is queued again."),
            ReplayVerdict.StorageDown => ApiProblems.StorageUnavailable(response),
            _ => ApiProblems.QueueUnavailable(response, "The notification queue is unreachable; retry the replay."),
        };
    }
}
