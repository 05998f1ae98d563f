using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Notify.Core.Storage;
using Notify.Ingest.Auth;
using Notify.Ingest.Json;
using Notify.Ingest.Notifications;
using Notify.Ingest.Problems;
using Notify.Ingest.RateLimiting;
using Npgsql;

namespace Notify.Ingest.Webhooks;

/// <summary>What the status webhook handlers need, gathered for <c>[AsParameters]</c>.</summary>
public readonly record struct StatusWebhookServices(StatusWebhookStore Store, IOptions<NotificationLimits> Limits, TimeProvider Time);

/// <summary>
/// <c>/v1/webhooks/status</c>: the tenant's status webhook (delivery receipts). Every status change of the tenant's
/// notifications is POSTed to it, signed per Standard Webhooks (<c>webhook-id</c>, <c>webhook-timestamp</c>,
/// <c>webhook-signature</c>) with its secret, retried with backoff while it fails. Scope <c>admin</c>. The secret is
/// given or generated on <c>PUT</c> and returned only then. Dispatchers pick a change up within their cache TTL (10 s).
/// </summary>
public static class StatusWebhooksApi
{
    private const int MaxUrlLength = 2048;

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapStatusWebhooksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/webhooks/status").WithTags("Webhooks").RequireRateLimiting(ApiRateLimiting.Policy)
            .RequireAuthorization(ApiScopes.Admin);
        api.MapPut("", PutAsync).Accepts<StatusWebhookRequest>("application/json");
        api.MapGet("", GetAsync);
        api.MapDelete("", DeleteAsync);
        return app;
    }

    /// <summary>Registers or replaces the webhook: 200 with the secret, shown this once.</summary>
    public static async Task<Results<Ok<StatusWebhookDocument>, ValidationProblem, ProblemHttpResult>> PutAsync(
        [AsParameters] StatusWebhookServices services, HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync(request, IngestJson.Default.StatusWebhookRequest, services.Limits.Value.MaxBodyBytes, cancellationToken);
        if (body.Problem is { } problem)
            return problem;
        Dictionary<string, string[]>? errors = null;
        var (url, secret) = (body.Value!.Url, body.Value.Secret);
        if (url is null || url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || string.IsNullOrEmpty(uri.Host))
            FieldErrors.Add(ref errors, "url", "Must be an absolute http or https URL.");
        if (secret is not null && !IsSecret(secret))
            FieldErrors.Add(ref errors, "secret", "Must be whsec_ followed by the base64 of 16 to 64 bytes; leave it out to have one generated.");
        if (errors is not null)
            return ApiProblems.Validation(errors);

        var webhook = new StatusWebhook(user.ApiClient().Tenant, url!, secret ?? NewSecret(), services.Time.GetUtcNow());
        try
        {
            await services.Store.PutAsync(webhook, cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            return ApiProblems.StorageUnavailable(request.HttpContext.Response);
        }
        return TypedResults.Ok(new StatusWebhookDocument(webhook.Url, webhook.UpdatedAt, webhook.Secret));
    }

    /// <summary>The webhook, without its secret; 404 when none is registered.</summary>
    public static async Task<Results<Ok<StatusWebhookDocument>, ProblemHttpResult>> GetAsync(
        [AsParameters] StatusWebhookServices services, HttpResponse response, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        try
        {
            return await services.Store.GetAsync(user.ApiClient().Tenant, cancellationToken) is { } webhook
                ? TypedResults.Ok(new StatusWebhookDocument(webhook.Url, webhook.UpdatedAt))
                : ApiProblems.NotFound("No status webhook is registered.");
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            return ApiProblems.StorageUnavailable(response);
        }
    }

    /// <summary>Removes the webhook: 204; 404 when none is registered.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        [AsParameters] StatusWebhookServices services, HttpResponse response, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        try
        {
            return await services.Store.DeleteAsync(user.ApiClient().Tenant, cancellationToken)
                ? TypedResults.NoContent()
                : ApiProblems.NotFound("No status webhook is registered.");
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            return ApiProblems.StorageUnavailable(response);
        }
    }

    private static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static bool IsSecret(string secret)
    {
        var encoded = secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret[6..] : secret;
        var buffer = new byte[encoded.Length];
        return Convert.TryFromBase64String(encoded, buffer, out var length) && length is >= 16 and <= 64;
    }
}
