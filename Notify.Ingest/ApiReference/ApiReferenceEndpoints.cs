using Microsoft.AspNetCore.OpenApi;
using Scalar.AspNetCore;

namespace Notify.Ingest.ApiReference;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>) and the browsable API reference built from it (<c>/docs</c>, Scalar).
/// The reference page loads its script from this service (the package embeds it) and no fonts from a CDN, so it
/// works without internet access; calls tried from it go to this service with the key entered on the page.
/// </summary>
public static class ApiReferenceEndpoints
{
    /// <summary>Where the reference page is served.</summary>
    public const string DocsPath = "/docs";

    /// <summary>The name of the API key's security scheme in the document.</summary>
    public const string SecurityScheme = "ApiKey";

    /// <summary>Adds the introduction, the security scheme, the problem responses and the request examples to the document.</summary>
    public static void Configure(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddDocumentTransformer<ApiDocumentTransformer>();
        options.AddOperationTransformer<ApiOperationTransformer>();
    }

    /// <summary>Maps the OpenAPI document and the reference page.</summary>
    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference(DocsPath, options => options
            .WithTitle("Notify API reference")
            .AddPreferredSecuritySchemes([SecurityScheme])
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .HideDeveloperTools());
        return app;
    }
}
