using StackExchange.Redis;

namespace Notify.Dispatcher.RateLimiting;

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
    /// @key holds the theoretical arrival time (TAT) in µs; @now and @interval are in µs. Returns {allowed, retry
    /// after (µs), remaining}. StackExchange.Redis sends the source only while the server lacks it (the first call on a
    /// connection, and after a <c>NOSCRIPT</c>, which it answers by loading it again) and otherwise its digest (<c>EVALSHA</c>).
    /// </summary>
    private static readonly LuaScript Gcra = LuaScript.Prepare("""
        local now = tonumber(@now)
        local interval = tonumber(@interval)
        local burst = tonumber(@burst)
        local permits = tonumber(@permits)
        local tat = tonumber(redis.call('GET', @key) or now)
        if tat < now then tat = now end
        local new_tat = tat + permits * interval
        local allow_at = new_tat - burst * interval
        if allow_at - now >= 1 then
          return {0, math.ceil(allow_at - now), math.max(0, math.floor((now - (tat - burst * interval)) / interval))}
        end
        redis.call('SET', @key, string.format('%.0f', new_tat), 'PX', math.ceil((new_tat - now) / 1000))
        return {1, 0, math.max(0, math.floor((now - allow_at) / interval))}
        """);

    private readonly IConnectionMultiplexer _redis;
    private readonly TimeProvider _time;
    private readonly string _keyPrefix;

    /// <summary>A limiter on <paramref name="redis"/>; its keys are <paramref name="keyPrefix"/> plus the caller's key.</summary>
    public RedisRateLimiter(IConnectionMultiplexer redis, TimeProvider timeProvider, string keyPrefix = "notify:rate:")
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
    /// <exception cref="RedisException">Redis could not run the script (no connection, a server error).</exception>
    /// <exception cref="RedisTimeoutException">Redis did not answer in time.</exception>
    public async Task<RateLimitLease> TryAcquireAsync(string key, RateLimit limit, int permits = 1, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permits, limit.Burst);
        var now = (_time.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;
        var interval = (double)limit.Period.Ticks / TimeSpan.TicksPerMicrosecond / limit.Permits;
        var arguments = new { key = (RedisKey)(_keyPrefix + key), now, interval, burst = limit.Burst, permits };
        var reply = (RedisResult[])(await Gcra.EvaluateAsync(_redis.GetDatabase(), arguments).WaitAsync(cancellationToken).ConfigureAwait(false))!;
        return new RateLimitLease((long)reply[0] == 1, TimeSpan.FromMicroseconds((long)reply[1]), (long)reply[2]);
    }
}
