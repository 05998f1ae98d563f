using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Notify.Ingest.Problems;

namespace Notify.Ingest.ApiReference;

/// <summary>
/// What each operation says beyond its handler's signature: that it takes the API key, the problems the pipeline
/// answers before the handler runs (401, 403, 413, 415, 429) and an example of its request body.
/// </summary>
internal sealed class ApiOperationTransformer : IOpenApiOperationTransformer
{
    private const string ProblemSchema = "ProblemDetails";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var statuses = new List<int>();
        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiReferenceEndpoints.SecurityScheme, context.Document)] = [],
            });
            statuses.AddRange([StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden]);
        }
        if (operation.RequestBody?.Content is { } content && content.TryGetValue("application/json", out var json))
        {
            statuses.AddRange([StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType]);
            if (metadata.OfType<IAcceptsMetadata>().LastOrDefault()?.RequestType is { } requestType)
                json.Example = RequestExamples.For(requestType);
        }
        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
            statuses.Add(StatusCodes.Status429TooManyRequests);
        if (statuses.Count == 0)
            return;

        var schema = await ProblemSchemaAsync(context, cancellationToken);
        operation.Responses ??= new OpenApiResponses();
        foreach (var status in statuses)
        {
            var problem = ProblemTypes.Documented(status);
            operation.Responses.TryAdd(status.ToString(CultureInfo.InvariantCulture), new OpenApiResponse
            {
                Description = $"`{problem.Type}`: {problem.Meaning}",
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
            });
        }
    }

    /// <summary>A reference to the problem details schema, added to the document's components on first use.</summary>
    private static async Task<IOpenApiSchema> ProblemSchemaAsync(OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        if (document.Components?.Schemas?.ContainsKey(ProblemSchema) != true)
            document.AddComponent(ProblemSchema, await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken));
        return new OpenApiSchemaReference(ProblemSchema, document);
    }
}
