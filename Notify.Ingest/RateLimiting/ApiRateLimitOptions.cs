namespace Notify.Ingest.RateLimiting;

/// <summary>
/// Per API client rate limit (<c>Notify:RateLimit</c>): a token bucket per key, refilled every second. The default
/// is generous, sized to stay out of the way of a load test on one key; tighten it per deployment.
/// </summary>
public sealed record ApiRateLimitOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Notify:RateLimit";

    /// <summary>Requests per second a key may sustain.</summary>
    public int PermitsPerSecond { get; init; } = 20_000;

    /// <summary>Requests a key may make at once after being idle (the bucket's size).</summary>
    public int Burst { get; init; } = 40_000;
}
