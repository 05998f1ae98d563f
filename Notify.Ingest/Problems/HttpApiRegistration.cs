using System.Text.Json.Serialization;
using Notify.Ingest.Json;

namespace Notify.Ingest.Problems;

/// <summary>Registers what every endpoint shares: problem details, source-generated JSON, the OpenAPI document.</summary>
public static class HttpApiRegistration
{
    /// <summary>Adds problem details (with Notify's types and the trace id), <see cref="IngestJson"/> and OpenAPI (see <see cref="ApiReference.ApiReferenceEndpoints"/>).</summary>
    public static IHostApplicationBuilder AddHttpApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDefaults.Apply);
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, IngestJson.Default);
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        builder.Services.AddOpenApi(ApiReference.ApiReferenceEndpoints.Configure);
        return builder;
    }
}
