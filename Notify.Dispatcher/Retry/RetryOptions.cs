using Notify.Core.Notifications;

namespace Notify.Dispatcher.Retry;

/// <summary>Backoff of one priority or channel: <c>min(Base·2^(n−1), Cap)</c> with ±Jitter.</summary>
public sealed record Backoff
{
    /// <summary>Delay after the first failed attempt.</summary>
    public TimeSpan Base { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest delay.</summary>
    public TimeSpan Cap { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Fraction of the delay added or taken at random, so retries of a burst spread out.</summary>
    public double Jitter { get; init; } = 0.2;
}

/// <summary>Retry policy per priority, optionally overridden per channel (section <c>Notify:Retry</c>).</summary>
public sealed record RetryOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Notify:Retry";

    /// <summary>Per priority.</summary>
    public Dictionary<Priority, Backoff> Priorities { get; init; } = new()
    {
        [Priority.Critical] = new() { Base = TimeSpan.FromSeconds(1), Cap = TimeSpan.FromSeconds(30) },
        [Priority.High] = new() { Base = TimeSpan.FromSeconds(2), Cap = TimeSpan.FromMinutes(2) },
        [Priority.Normal] = new() { Base = TimeSpan.FromSeconds(5), Cap = TimeSpan.FromMinutes(10) },
        [Priority.Low] = new() { Base = TimeSpan.FromSeconds(30), Cap = TimeSpan.FromHours(1) },
    };

    /// <summary>Per channel, over the priority's (e.g. slower retries for email).</summary>
    public Dictionary<Channel, Backoff> Channels { get; init; } = [];

    /// <summary>Longest NAK delay ever sent, whatever the provider's Retry-After says.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromHours(1);
}
