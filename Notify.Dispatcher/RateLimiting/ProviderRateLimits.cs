using Notify.Core.Notifications;
using Notify.Dispatcher.Resilience;
using StackExchange.Redis;

namespace Notify.Dispatcher.RateLimiting;

/// <summary>
/// Provider rate limits shared across replicas through Redis token buckets. Critical deliveries draw only from the
/// provider's bucket; the rest also from a bulk bucket that leaves critical its reserve. When Redis cannot answer,
/// sends go ahead (the provider's own 429 with Retry-After is the backstop): a failed call is logged, an outage once
/// (<see cref="RedisOutage"/>).
/// </summary>
public sealed partial class ProviderRateLimits(RedisRateLimiter limiter, RateLimitOptions options, RedisOutage redisOutage,
    ILogger<ProviderRateLimits> logger)
{
    /// <summary>Null when the delivery may go now; otherwise how long to wait.</summary>
    public async ValueTask<TimeSpan?> AcquireAsync(string provider, Priority priority, CancellationToken cancellationToken)
    {
        if (!options.Providers.TryGetValue(provider, out var limit) || !redisOutage.IsReachable())
            return null;
        try
        {
            if (priority != Priority.Critical)
            {
                var share = 1 - limit.CriticalReserve;
                var bulk = await limiter.TryAcquireAsync($"{provider}:bulk",
                    RateLimit.PerSecond(Math.Max(1, (int)(limit.PerSecond * share)), Math.Max(1, (int)(limit.Burst * share))),
                    cancellationToken: cancellationToken);
                if (!bulk.Allowed)
                    return bulk.RetryAfter;
            }
            var lease = await limiter.TryAcquireAsync(provider, RateLimit.PerSecond(limit.PerSecond, limit.Burst), cancellationToken: cancellationToken);
            return lease.Allowed ? null : lease.RetryAfter;
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            LogLimiterUnavailable(provider, ex.Message);
            return null;
        }
    }

    [LoggerMessage(LogLevel.Warning, "Rate limiter unavailable for {Provider} ({Error}); sending without it")]
    private partial void LogLimiterUnavailable(string provider, string error);
}
