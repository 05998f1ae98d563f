using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Notify.Core.Templates;
using Notify.Ingest.Auth;
using Notify.Ingest.Json;
using Notify.Ingest.Problems;
using Notify.Ingest.RateLimiting;

namespace Notify.Ingest.Templates;

/// <summary>
/// <c>/v1/templates/{type}</c>: the tenant's template of a notification type, per locale and channel. Saving takes scope
/// <c>admin</c>, reading <c>read</c>; both are confined to the API key's tenant.
/// </summary>
public static class TemplatesApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapTemplatesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/templates").WithTags("Templates").RequireRateLimiting(ApiRateLimiting.Policy);
        api.MapGet("/{type}", GetAsync).RequireAuthorization(ApiScopes.Read);
        api.MapPut("/{type}", PutAsync).RequireAuthorization(ApiScopes.Admin).Accepts<TemplateDocument>("application/json");
        return api;
    }

    /// <summary>The template, with its variables and SMS segments; 404 when the type has none.</summary>
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
        if (stored is null)
            return ApiProblems.NotFound($"No template for '{type}'; notifications of it use the built-in wording.");
        return TypedResults.Ok(TemplateResponse.From(stored, TemplateAnalysis.Of(stored.Document, int.MaxValue).Sms));
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
