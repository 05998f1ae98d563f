using Microsoft.Extensions.Options;
using Notify.Core.Configuration;

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

/// <summary>Refuses to start with a budget that lets nothing through, or a critical reserve outside [0, 1).</summary>
internal sealed class RateLimitOptionsValidation : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var failures = new OptionsFailures(RateLimitOptions.Section);
        foreach (var (provider, limit) in options.Providers)
        {
            var at = $"{nameof(options.Providers)}:{provider}";
            failures.AtLeast($"{at}:{nameof(limit.PerSecond)}", limit.PerSecond, 1)
                .AtLeast($"{at}:{nameof(limit.Burst)}", limit.Burst, 1)
                .Require(limit.CriticalReserve is >= 0 and < 1, $"{at}:{nameof(limit.CriticalReserve)}",
                    $"must be from 0 up to (not including) 1, not {limit.CriticalReserve}");
        }
        return failures.Result;
    }
}
