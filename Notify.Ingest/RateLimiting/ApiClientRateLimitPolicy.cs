using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Notify.Ingest.Auth;
using Notify.Ingest.Problems;

namespace Notify.Ingest.RateLimiting;

/// <summary>
/// One token bucket per API key (partitioned by the key's hash); requests without a known key are not limited
/// here, they are refused by authorization. A refused request gets 429 problem details with <c>Retry-After</c>.
/// </summary>
internal sealed class ApiClientRateLimitPolicy : IRateLimiterPolicy<string>
{
    /// <summary>The policy's name.</summary>
    public const string Name = "api-client";

    private readonly Func<string, TokenBucketRateLimiterOptions> _bucket;

    public ApiClientRateLimitPolicy(IOptions<ApiRateLimitOptions> options)
    {
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Value.Burst,
            TokensPerPeriod = options.Value.PermitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        _bucket = _ => bucket;
    }

    public Func<OnRejectedContext, CancellationToken, ValueTask> OnRejected { get; } = RejectAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        httpContext.User.Identity is ApiClientIdentity identity
            ? RateLimitPartition.GetTokenBucketLimiter(identity.Client.Id, _bucket)
            : RateLimitPartition.GetNoLimiter(string.Empty);

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
        ApiProblems.SetRetryAfter(response, retryAfter);
        var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Type = ProblemTypes.RateLimited,
                Title = "Too many requests.",
                Detail = "This API key's rate limit is spent; retry after the time in Retry-After.",
            },
        }).ConfigureAwait(false);
    }
}
