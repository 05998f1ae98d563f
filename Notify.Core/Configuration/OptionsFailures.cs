using System.Globalization;
using Microsoft.Extensions.Options;

namespace Notify.Core.Configuration;

/// <summary>
/// What is wrong with one configuration section, each failure one line that names its full key
/// (<c>Notify:Dispatcher:PullExpires must be between 1 and 60 seconds, not 00:01:01.</c>), for an
/// <see cref="IValidateOptions{TOptions}"/> to return. A service bound with <c>ValidateOnStart</c> then stops at start
/// with those lines as the <see cref="OptionsValidationException"/>'s message.
/// </summary>
/// <param name="section">The section the keys are under, e.g. <c>Notify:Dispatcher</c>.</param>
public sealed class OptionsFailures(string section)
{
    private readonly List<string> _failures = [];

    /// <summary>Success when nothing was found wrong, else every failure.</summary>
    public ValidateOptionsResult Result => _failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_failures);

    /// <summary>Adds <c>{section}:{key} {problem}.</c> unless <paramref name="valid"/>.</summary>
    public OptionsFailures Require(bool valid, string key, string problem)
    {
        if (!valid)
            _failures.Add($"{section}:{key} {problem}.");
        return this;
    }

    /// <summary>Adds a failure about a key outside the section (a connection string), as it is.</summary>
    public OptionsFailures RequireOutside(bool valid, string line)
    {
        if (!valid)
            _failures.Add(line);
        return this;
    }

    /// <summary>The duration must be above zero.</summary>
    public OptionsFailures Positive(string key, TimeSpan value) =>
        Require(value > TimeSpan.Zero, key, $"must be positive, not {Format(value)}");

    /// <summary>The duration may be zero (usually: off) but not negative.</summary>
    public OptionsFailures NotNegative(string key, TimeSpan value) =>
        Require(value >= TimeSpan.Zero, key, $"must be zero or more, not {Format(value)}");

    /// <summary>The duration must lie in [<paramref name="minimum"/>, <paramref name="maximum"/>], described as <paramref name="range"/>.</summary>
    public OptionsFailures Between(string key, TimeSpan value, TimeSpan minimum, TimeSpan maximum, string range) =>
        Require(value >= minimum && value <= maximum, key, $"must be between {range}, not {Format(value)}");

    /// <summary>The count must be at least <paramref name="minimum"/>.</summary>
    public OptionsFailures AtLeast(string key, int value, int minimum) =>
        Require(value >= minimum, key, $"must be at least {minimum}, not {value}");

    /// <summary>The count must lie in [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public OptionsFailures Between(string key, int value, int minimum, int maximum) =>
        Require(value >= minimum && value <= maximum, key, $"must be {minimum} to {maximum}, not {value}");

    /// <summary>The value must be an absolute <c>http</c> or <c>https</c> URL (not echoed: it may carry credentials).</summary>
    public OptionsFailures HttpUrl(string key, string? value) =>
        Require(Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps),
            key, "must be an absolute http or https URL");

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
