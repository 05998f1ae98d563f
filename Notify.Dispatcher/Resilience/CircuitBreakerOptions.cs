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
