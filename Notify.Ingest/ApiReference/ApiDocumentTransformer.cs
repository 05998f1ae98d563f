using System.Text;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Notify.Ingest.Problems;

namespace Notify.Ingest.ApiReference;

/// <summary>
/// What the whole document says: the API's introduction (how to authenticate, the problem types every error carries)
/// and the API key as an HTTP bearer security scheme, so the reference page can send calls with a key.
/// </summary>
internal sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info ??= new OpenApiInfo();
        document.Info.Title = "Notify API";
        document.Info.Description = Introduction();
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiReferenceEndpoints.SecurityScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key, sent as `Authorization: Bearer <key>` (or `X-Api-Key: <key>`). Each key belongs to one tenant "
                + "and holds the scopes `send`, `read` and `admin` it was given; the development stack's key is `notify-dev-key`.",
        };
        return Task.CompletedTask;
    }

    private static string Introduction()
    {
        var text = new StringBuilder("""
            Multi-channel notifications (push, SMS, email, in-app, webhook) with priorities, retries, fallbacks and dead letters.
            Every call takes an API key (`Authorization: Bearer <key>`); a key sees only its tenant's data.

            ## Problems
            Every client error and fault is answered as problem details (RFC 9457, `application/problem+json`) whose stable
            `type` tells what happened; branch on it, not on `title` or `detail`. Every problem carries the request's `traceId`.

            | type | status | meaning |
            |---|---|---|

            """);
        foreach (var problem in ProblemTypes.All)
            text.Append("| `").Append(problem.Type).Append("` | ").Append(problem.Status).Append(" | ").Append(problem.Meaning).Append(" |\n");
        return text.ToString();
    }
}
