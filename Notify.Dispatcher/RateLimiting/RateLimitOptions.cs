namespace Notify.Dispatcher.RateLimiting;

/// <summary>One provider's sending budget, shared by every dispatcher replica.</summary>
public sealed record ProviderLimit
{
    /// <summary>Messages per second the provider allows this account.</summary>
    public int PerSecond { get; init; } = 100;

    /// <summary>Messages that may go at once after a quiet spell.</summary>
    public int Burst { get; init; } = 100;

    /// <summary>
    /// Share of the budget only critical traffic may use: other priorities draw from a second bucket of
    /// <c>(1 − reserve)</c> of the rate as well, so a promotion campaign can never take critical's share.
    /// </summary>
    public double CriticalReserve { get; init; } = 0.25;
}

/// <summary>Per-provider limits (section <c>Notify:RateLimits</c>); a provider without an entry is not limited.</summary>
public sealed record RateLimitOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Notify:RateLimits";

    /// <summary>By provider name (<c>twilio</c>, <c>fcm</c>, <c>smtp</c>, <c>webhook</c>).</summary>
    public Dictionary<string, ProviderLimit> Providers { get; init; } = [];
}
