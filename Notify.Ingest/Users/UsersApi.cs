using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Notify.Ingest.Auth;
using Notify.Ingest.Json;
using Notify.Ingest.Notifications;
using Notify.Ingest.Problems;
using Notify.Ingest.RateLimiting;

namespace Notify.Ingest.Users;

/// <summary>
/// <c>/v1/users/{userId}</c>: contacts and preferences of the tenant's users. Writing them takes scope <c>send</c> (the
/// backend that sends to its users also keeps their settings); reading preferences takes <c>read</c>.
/// </summary>
public static class UsersApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/users/{userId}").WithTags("Users").RequireRateLimiting(ApiRateLimiting.Policy);
        api.MapPut("/contacts", PutContactsAsync).RequireAuthorization(ApiScopes.Send).Accepts<ContactsDocument>("application/json");
        api.MapGet("/preferences", GetPreferencesAsync).RequireAuthorization(ApiScopes.Read);
        api.MapPut("/preferences", PutPreferencesAsync).RequireAuthorization(ApiScopes.Send).Accepts<PreferencesDocument>("application/json");
        return api;
    }

    /// <summary>Replaces the user's contacts: 204.</summary>
    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> PutContactsAsync(
        string userId, [AsParameters] UserServices services, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync(request, IngestJson.Default.ContactsDocument, services.Limits.Value.MaxBodyBytes, cancellationToken);
        if (body.Problem is { } problem)
            return problem;
        Dictionary<string, string[]>? errors = null;
        NotificationValidator.CheckUserId(userId, ref errors);
        ContactsValidator.Check(body.Value!, ref errors);
        if (errors is not null)
            return ApiProblems.Validation(errors);

        return await services.Settings.SaveContactsAsync(user.ApiClient().Tenant, userId, body.Value!.ToContacts(), cancellationToken)
            ? TypedResults.NoContent()
            : ApiProblems.StorageUnavailable(request.HttpContext.Response);
    }

    /// <summary>The user's preferences (the defaults when never set).</summary>
    public static async Task<Results<Ok<PreferencesDocument>, ValidationProblem, ProblemHttpResult>> GetPreferencesAsync(
        string userId, [AsParameters] UserServices services, HttpResponse response, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        Dictionary<string, string[]>? errors = null;
        NotificationValidator.CheckUserId(userId, ref errors);
        if (errors is not null)
            return ApiProblems.Validation(errors);

        return await services.Settings.GetPreferencesAsync(user.ApiClient().Tenant, userId, cancellationToken) is { } preferences
            ? TypedResults.Ok(PreferencesDocument.From(preferences))
            : ApiProblems.StorageUnavailable(response);
    }

    /// <summary>Replaces the user's preferences: 204.</summary>
    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> PutPreferencesAsync(
        string userId, [AsParameters] UserServices services, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync(request, IngestJson.Default.PreferencesDocument, services.Limits.Value.MaxBodyBytes, cancellationToken);
        if (body.Problem is { } problem)
            return problem;
        Dictionary<string, string[]>? errors = null;
        NotificationValidator.CheckUserId(userId, ref errors);
        PreferencesValidator.Check(body.Value!, services.Catalog, ref errors);
        if (errors is not null)
            return ApiProblems.Validation(errors);

        return await services.Settings.SavePreferencesAsync(user.ApiClient().Tenant, userId, body.Value!.ToPreferences(), cancellationToken)
            ? TypedResults.NoContent()
            : ApiProblems.StorageUnavailable(request.HttpContext.Response);
    }
}
