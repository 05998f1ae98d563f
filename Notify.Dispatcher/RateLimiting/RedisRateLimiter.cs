namespace Notify.Core.Redis;

/// <summary>
/// A rate limiter shared by every process that uses the same Redis key: GCRA (the generic cell rate algorithm, a
/// token bucket kept as one timestamp) in one Lua script, so check-and-take is atomic across replicas. The time comes
/// from the injected <see cref="TimeProvider"/>, not from Redis, so tests can drive it; replicas' clocks should agree
/// to well under one <see cref="RateLimit.EmissionInterval"/>. Keys expire by themselves once their bucket is full again.
/// </summary>
/// <example>
/// <code>
/// var lease = await limiter.TryAcquireAsync("provider:twilio", RateLimit.PerSecond(100, burst: 20));
/// if (!lease.Allowed)
///     return Retry(lease.RetryAfter);
/// </code>
/// </example>
public sealed class RedisRateLimiter
{
    /// <summary>
    /// KEYS[1] holds the theoretical arrival time (TAT) in µs. ARGV: now (µs), emission interval (µs), burst,
    /// permits. Returns {allowed, retry after (µs), remaining}.
    /// </summary>
    private static readonly RedisScript Gcra = new("""
        local now = tonumber(ARGV[1])
        local interval = tonumber(ARGV[2])
        local burst = tonumber(ARGV[3])
        local permits = tonumber(ARGV[4])
        local tat = tonumber(redis.call('GET', KEYS[1]) or now)
        if tat < now then tat = now end
        local new_tat = tat + permits * interval
        local allow_at = new_tat - burst * interval
        if allow_at - now >= 1 then
          return {0, math.ceil(allow_at - now), math.max(0, math.floor((now - (tat - burst * interval)) / interval))}
        end
        redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.ceil((new_tat - now) / 1000))
        return {1, 0, math.max(0, math.floor((now - allow_at) / interval))}
        """);

    private readonly RedisConnection _redis;
    private readonly TimeProvider _time;
    private readonly string _keyPrefix;

    /// <summary>A limiter on <paramref name="redis"/>; its keys are <paramref name="keyPrefix"/> plus the caller's key.</summary>
    public RedisRateLimiter(RedisConnection redis, TimeProvider timeProvider, string keyPrefix = "notify:rate:")
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        _redis = redis;
        _time = timeProvider;
        _keyPrefix = keyPrefix;
    }

    /// <summary>
    /// Takes <paramref name="permits"/> from the budget of <paramref name="key"/> under <paramref name="limit"/> if
    /// they are there; otherwise takes nothing and says when to retry. Every caller of a key should use the same limit.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="permits"/> is below 1 or above the burst, so could never be granted.</exception>
    public async Task<RateLimitLease> TryAcquireAsync(string key, RateLimit limit, int permits = 1, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permits, limit.Burst);
        var now = (_time.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;
        var interval = (double)limit.Period.Ticks / TimeSpan.TicksPerMicrosecond / limit.Permits;
        var reply = await _redis.ScriptEvaluateAsync(Gcra, [_keyPrefix + key], [now, interval, limit.Burst, permits], cancellationToken)
            .ConfigureAwait(false);
        return new RateLimitLease(reply[0].AsInt64() == 1, TimeSpan.FromMicroseconds(reply[1].AsInt64()), reply[2].AsInt64());
    }
}
