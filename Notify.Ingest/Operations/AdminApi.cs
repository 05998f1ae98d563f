using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Notify.Ingest.Auth;
using Notify.Ingest.Json;
using Notify.Ingest.Messaging;
using Notify.Ingest.Notifications;
using Notify.Ingest.Problems;
using Notify.Ingest.RateLimiting;
using NATS.Client.Core;

namespace Notify.Ingest.Operations;

/// <summary>
/// <c>/v1/admin</c> (scope <c>admin</c>): the dispatchers' priority policy and the ops summary, once or as a live
/// stream (the console's). The
/// policy, the backlog and the circuits are the service's, shared by every tenant; the delivery counts are the
/// caller's tenant's.
/// </summary>
public static class AdminApi
{
    private const long MaxPolicyBytes = 4096;

    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/admin").WithTags("Operations").RequireRateLimiting(ApiRateLimiting.Policy).RequireAuthorization(ApiScopes.Admin);
        api.MapGet("/priority-policy", GetPolicyAsync);
        api.MapPut("/priority-policy", PutPolicyAsync).Accepts<PriorityPolicyDocument>("application/json");
        api.MapGet("/summary", SummaryAsync);
        api.MapGet("/summary/stream", StreamSummary);
        return api;
    }

    /// <summary>The policy in force (the default, revision 0, while none is stored).</summary>
    public static async Task<Results<Ok<PriorityPolicyDocument>, ProblemHttpResult>> GetPolicyAsync(
        [AsParameters] AdminServices services, HttpResponse response, CancellationToken cancellationToken)
    {
        try
        {
            NatsOutage.ThrowIfDown(services.Nats);
            var stored = await services.Policies.GetAsync(cancellationToken);
            return TypedResults.Ok(PriorityPolicyDocument.From(stored.Policy, stored.Revision));
        }
        catch (NatsException)
        {
            return ApiProblems.QueueUnavailable(response, "The configuration bucket is unreachable; retry shortly.");
        }
    }

    /// <summary>Replaces the policy; every dispatcher replica applies it within moments, without a restart.</summary>
    public static async Task<Results<Ok<PriorityPolicyDocument>, ValidationProblem, ProblemHttpResult>> PutPolicyAsync(
        [AsParameters] AdminServices services, HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync(request, IngestJson.Default.PriorityPolicyDocument, MaxPolicyBytes, cancellationToken);
        if (body.Problem is { } problem)
            return problem;
        Dictionary<string, string[]>? errors = null;
        var policy = body.Value!.ToPolicy(ref errors);
        if (policy is null)
            return ApiProblems.Validation(errors!);
        try
        {
            NatsOutage.ThrowIfDown(services.Nats);
            var revision = await services.Policies.SaveAsync(policy, cancellationToken);
            return TypedResults.Ok(PriorityPolicyDocument.From(policy, revision));
        }
        catch (NatsException)
        {
            return ApiProblems.QueueUnavailable(request.HttpContext.Response, "The configuration bucket is unreachable; the policy is unchanged.");
        }
    }

    /// <summary>Throughput and failures of the last <c>minutes</c> (1 to 60, default 5), backlog per priority, circuits.</summary>
    public static async Task<Results<Ok<OpsSummary>, ValidationProblem>> SummaryAsync(
        string? minutes, [AsParameters] AdminServices services, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (Window(minutes) is not { } window)
            return WindowProblem();
        return TypedResults.Ok(await services.Summary.ReadAsync(user.ApiClient().Tenant, window, cancellationToken));
    }

    /// <summary>
    /// The summary as server-sent events (<c>event: summary</c>, the summary's JSON as data): one at once, one soon after
    /// the tenant's statuses are recorded (at most one a second), and one after each quiet 5 s. Ends when the client goes away.
    /// </summary>
    public static Results<ServerSentEventsResult<OpsSummary>, ValidationProblem> StreamSummary(
        string? minutes, [AsParameters] AdminServices services, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (Window(minutes) is not { } window)
            return WindowProblem();
        return TypedResults.ServerSentEvents(services.Stream.ReadAsync(user.ApiClient().Tenant, window, cancellationToken));
    }

    /// <summary>The window <c>minutes</c> asks for (default 5); null when it is not 1 to <see cref="OpsSummaryReader.MaxMinutes"/>.</summary>
    private static int? Window(string? minutes) =>
        minutes is null ? 5
        : int.TryParse(minutes, NumberStyles.None, CultureInfo.InvariantCulture, out var window) && window is >= 1 and <= OpsSummaryReader.MaxMinutes ? window
        : null;

    private static ValidationProblem WindowProblem()
    {
        Dictionary<string, string[]>? errors = null;
        FieldErrors.Add(ref errors, "minutes", $"Must be 1 to {OpsSummaryReader.MaxMinutes}.");
        return ApiProblems.Validation(errors!);
    }
}
