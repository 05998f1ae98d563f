using Microsoft.Extensions.Options;
using Notify.Core.Configuration;

namespace Notify.Core.Users;

/// <summary>
/// One-click unsubscribe links in emails (RFC 8058), section <c>Notify:Unsubscribe</c>, read by the dispatchers (which
/// sign the links) and Ingest (which checks them). Off until both the key and the public base URL are set.
/// </summary>
public sealed record UnsubscribeOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Notify:Unsubscribe";

    /// <summary>The shortest <see cref="SigningKey"/> taken.</summary>
    public const int MinSigningKeyLength = 16;

    /// <summary>The HMAC-SHA256 key links are signed with (its UTF-8 bytes; at least 16 characters); the same on every service.</summary>
    public string? SigningKey { get; init; }

    /// <summary>Ingest's public base URL, as recipients reach it (<c>https://notify.example.com</c>).</summary>
    public string? BaseUrl { get; init; }

    /// <summary>An address for mail clients that unsubscribe by email, offered beside the link; none when empty.</summary>
    public string? Mailto { get; init; }

    /// <summary>Whether links are signed and honoured.</summary>
    public bool Enabled => SigningKey is { Length: >= MinSigningKeyLength } && !string.IsNullOrEmpty(BaseUrl);
}

/// <summary>
/// Refuses to start with a signing key too short to sign with or a base URL links could not be built on (either alone
/// left empty still just turns links off).
/// </summary>
public sealed class UnsubscribeOptionsValidation : IValidateOptions<UnsubscribeOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, UnsubscribeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new OptionsFailures(UnsubscribeOptions.Section)
            .Require(string.IsNullOrEmpty(options.SigningKey) || options.SigningKey.Length >= UnsubscribeOptions.MinSigningKeyLength,
                nameof(options.SigningKey), $"must have at least {UnsubscribeOptions.MinSigningKeyLength} characters");
        if (!string.IsNullOrEmpty(options.BaseUrl))
            failures.HttpUrl(nameof(options.BaseUrl), options.BaseUrl);
        return failures.Result;
    }
}
