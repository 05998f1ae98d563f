using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Notify.Core.Templates;
using Notify.Ingest.Auth;
using Notify.Ingest.Json;
using Notify.Ingest.Problems;
using Notify.Ingest.RateLimiting;

namespace Notify.Ingest.Templates;

/// <summary>
/// <c>/v1/templates/{type}</c>: the tenant's template of a notification type, per locale and channel, or the type's
/// built-in wording where the tenant has none. Saving and deleting take scope <c>admin</c>, reading <c>read</c>; all are
/// confined to the API key's tenant.
/// </summary>
public static class TemplatesApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapTemplatesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/templates").WithTags("Templates").RequireRateLimiting(ApiRateLimiting.Policy);
        api.MapGet("/{type}", GetAsync).RequireAuthorization(ApiScopes.Read);
        api.MapPut("/{type}", PutAsync).RequireAuthorization(ApiScopes.Admin).Accepts<TemplateDocument>("application/json");
        api.MapDelete("/{type}", DeleteAsync).RequireAuthorization(ApiScopes.Admin);
        return api;
    }

    /// <summary>
    /// The tenant's template (<c>"source": "stored"</c>), else the type's built-in wording (<c>"source": "builtin"</c>),
    /// with its variables and SMS segments; 404 when the type has neither.
    /// </summary>
    public static async Task<Results<Ok<TemplateResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string type, [AsParameters] TemplateServices services, HttpResponse response, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        Dictionary<string, string[]>? errors = null;
        services.Validator.CheckType(type, ref errors);
        if (errors is not null)
            return ApiProblems.Validation(errors);

        var (stored, storageDown) = await services.Library.GetAsync(user.ApiClient().Tenant, type, cancellationToken);
        if (storageDown)
            return ApiProblems.StorageUnavailable(response);
        if (stored is not null)
            return TypedResults.Ok(TemplateResponse.From(stored, TemplateAnalysis.Of(stored.Document, int.MaxValue).Sms));
        return BuiltInTemplates.Find(type) is { } builtIn
            ? TypedResults.Ok(TemplateResponse.FromBuiltIn(type, builtIn))
            : ApiProblems.NotFound($"No template for '{type}', and it has no built-in wording: notifications of it say data.title and data.body, else the type's name.");
    }

    /// <summary>Deletes the tenant's template, returning the type to its built-in wording: 204; 404 when there is none.</summary>
    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        string type, [AsParameters] TemplateServices services, HttpResponse response, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        Dictionary<string, string[]>? errors = null;
        services.Validator.CheckType(type, ref errors);
        if (errors is not null)
            return ApiProblems.Validation(errors);

        return await services.Library.DeleteAsync(user.ApiClient().Tenant, type, cancellationToken) switch
        {
            true => TypedResults.NoContent(),
            false => ApiProblems.NotFound($"No template for '{type}' to delete; it uses the built-in wording."),
            null => ApiProblems.StorageUnavailable(response),
        };
    }

    /// <summary>
    /// Creates or replaces the template: 200 with what was saved. Every text must compile; the variables it uses are
    /// extracted, and from then on a notification of the type lacking one is refused with a 400 naming it.
    /// </summary>
    public static async Task<Results<Ok<TemplateResponse>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string type, [AsParameters] TemplateServices services, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var options = services.Options.Value;
        var body = await JsonBodyReader.ReadAsync(request, IngestJson.Default.TemplateDocument, options.MaxBodyBytes, cancellationToken);
        if (body.Problem is { } problem)
            return problem;

        Dictionary<string, string[]>? errors = null;
        services.Validator.CheckType(type, ref errors);
        var analysis = TemplateAnalysis.Of(body.Value!, options.MaxSmsSegments);
        foreach (var (field, messages) in analysis.Errors ?? new Dictionary<string, string[]>())
            foreach (var message in messages)
                Notifications.FieldErrors.Add(ref errors, field, message);
        if (errors is not null)
            return ApiProblems.Validation(errors);

        var stored = await services.Library.SaveAsync(user.ApiClient().Tenant, type, body.Value!, analysis, cancellationToken);
        return stored is null
            ? ApiProblems.StorageUnavailable(request.HttpContext.Response)
            : TypedResults.Ok(TemplateResponse.From(stored, analysis.Sms));
    }
}
