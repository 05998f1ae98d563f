using Microsoft.Extensions.Options;

namespace Notify.Ingest.RateLimiting;

/// <summary>Registers the per API client rate limit.</summary>
public static class ApiRateLimiting
{
    /// <summary>The policy endpoints opt into with <c>RequireRateLimiting</c>.</summary>
    public const string Policy = ApiClientRateLimitPolicy.Name;

    /// <summary>Adds the rate limiter with the <see cref="Policy"/> policy, bound from <c>Notify:RateLimit</c>.</summary>
    public static IHostApplicationBuilder AddApiRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiRateLimitOptions>().BindConfiguration(ApiRateLimitOptions.Section)
            .Validate(o => o.PermitsPerSecond > 0 && o.Burst > 0, $"{ApiRateLimitOptions.Section}: PermitsPerSecond and Burst must be positive.")
            .ValidateOnStart();
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy<string, ApiClientRateLimitPolicy>(Policy);
        });
        return builder;
    }
}
