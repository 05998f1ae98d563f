using Microsoft.Extensions.Options;
using Notify.Core.Configuration;
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

/// <summary>Refuses to start with a backoff that does not grow from a positive base, or jitter outside [0, 1].</summary>
internal sealed class RetryOptionsValidation : IValidateOptions<RetryOptions>
{
    public ValidateOptionsResult Validate(string? name, RetryOptions options)
    {
        var failures = new OptionsFailures(RetryOptions.Section).Positive(nameof(options.MaxDelay), options.MaxDelay);
        foreach (var (priority, backoff) in options.Priorities)
            Check(failures, $"{nameof(options.Priorities)}:{priority}", backoff);
        foreach (var (channel, backoff) in options.Channels)
            Check(failures, $"{nameof(options.Channels)}:{channel}", backoff);
        return failures.Result;
    }

    private static void Check(OptionsFailures failures, string at, Backoff backoff) => failures
        .Positive($"{at}:{nameof(backoff.Base)}", backoff.Base)
        .Require(backoff.Cap >= backoff.Base, $"{at}:{nameof(backoff.Cap)}", $"must not be shorter than {nameof(backoff.Base)}")
        .Require(backoff.Jitter is >= 0 and <= 1, $"{at}:{nameof(backoff.Jitter)}", $"must be from 0 to 1, not {backoff.Jitter}");
}
