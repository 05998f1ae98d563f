namespace Notify.Dispatcher.RateLimiting;

/// <summary>The answer of <see cref="RedisRateLimiter.TryAcquireAsync"/>.</summary>
/// <param name="Allowed">Whether the permits were granted (and taken from the budget).</param>
/// <param name="RetryAfter">When refused, how long until the same request would be granted; zero when allowed.</param>
/// <param name="Remaining">Whole permits left in the budget after this call.</param>
public readonly record struct RateLimitLease(bool Allowed, TimeSpan RetryAfter, long Remaining);
