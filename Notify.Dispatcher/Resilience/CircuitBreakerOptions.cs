using Microsoft.Extensions.Options;
using Notify.Core.Configuration;

namespace Notify.Dispatcher.Resilience;

/// <summary>When a provider counts as down (section <c>Notify:CircuitBreaker</c>).</summary>
public sealed record CircuitBreakerOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Notify:CircuitBreaker";

    /// <summary>Share of transient failures in the sampling window that opens the circuit.</summary>
    public double FailureRatio { get; init; } = 0.5;

    /// <summary>Calls in the window before the ratio counts.</summary>
    public int MinimumThroughput { get; init; } = 20;

    /// <summary>The window.</summary>
    public TimeSpan SamplingDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the circuit stays open before a trial call.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// Refuses to start with values Polly's circuit breaker refuses: it checks them only when a provider's breaker is built,
/// on the first send, and would then fail every send to that provider.
/// </summary>
internal sealed class CircuitBreakerOptionsValidation : IValidateOptions<CircuitBreakerOptions>
{
    private static readonly TimeSpan Shortest = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Longest = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, CircuitBreakerOptions options) => new OptionsFailures(CircuitBreakerOptions.Section)
        .Require(options.FailureRatio is > 0 and <= 1, nameof(options.FailureRatio), $"must be above 0 and at most 1, not {options.FailureRatio}")
        .AtLeast(nameof(options.MinimumThroughput), options.MinimumThroughput, 2)
        .Between(nameof(options.SamplingDuration), options.SamplingDuration, Shortest, Longest, "0.5 s and 1 day")
        .Between(nameof(options.BreakDuration), options.BreakDuration, Shortest, Longest, "0.5 s and 1 day")
        .Result;
}
