using Microsoft.Extensions.Options;
using Notify.Core.Configuration;

namespace Notify.Core.Templates;

/// <summary>How long a <see cref="TemplateDirectory"/> trusts what it loaded (section <c>Notify:Templates</c>).</summary>
public sealed record TemplateDirectoryOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Notify:Templates";

    /// <summary>The defaults.</summary>
    public static readonly TemplateDirectoryOptions Default = new();

    /// <summary>
    /// How long a loaded template (or the absence of one) is used before it is read again. Changes are announced and
    /// applied at once; this bounds how long a missed announcement goes unnoticed.
    /// </summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>While PostgreSQL is unreachable, how long an expired template is served before the next try.</summary>
    public TimeSpan StaleRetryInterval { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>Refuses to start with a cache that would never hold a template, or retry PostgreSQL in a busy loop.</summary>
public sealed class TemplateDirectoryOptionsValidation : IValidateOptions<TemplateDirectoryOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TemplateDirectoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new OptionsFailures(TemplateDirectoryOptions.Section)
            .Positive(nameof(options.Ttl), options.Ttl)
            .Positive(nameof(options.StaleRetryInterval), options.StaleRetryInterval)
            .Result;
    }
}
