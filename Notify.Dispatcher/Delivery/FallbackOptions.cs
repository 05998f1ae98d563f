using Microsoft.Extensions.Options;
using Notify.Core.Configuration;
using Notify.Core.Notifications;

namespace Notify.Dispatcher.Delivery;

/// <summary>When a channel that keeps failing transiently gives way to the next one (section <c>Notify:Fallback</c>).</summary>
public sealed record FallbackOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Notify:Fallback";

    /// <summary>
    /// From this delivery attempt on, a transient failure moves straight on to the next channel of the chain instead
    /// of waiting to retry. Priorities not listed only fall back on permanent failures and open circuits.
    /// </summary>
    public Dictionary<Priority, int> AfterAttempts { get; init; } = new()
    {
        [Priority.Critical] = 3,
        [Priority.High] = 5,
    };
}

/// <summary>Refuses to start with a fallback before the first attempt.</summary>
internal sealed class FallbackOptionsValidation : IValidateOptions<FallbackOptions>
{
    public ValidateOptionsResult Validate(string? name, FallbackOptions options)
    {
        var failures = new OptionsFailures(FallbackOptions.Section);
        foreach (var (priority, attempts) in options.AfterAttempts)
            failures.AtLeast($"{nameof(options.AfterAttempts)}:{priority}", attempts, 1);
        return failures.Result;
    }
}
