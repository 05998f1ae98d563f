namespace Notify.Dispatcher.Channels;

/// <summary>How a provider call ended.</summary>
public enum SendResult
{
    /// <summary>The provider accepted the message.</summary>
    Sent,
    /// <summary>Worth retrying later: timeout, 5xx, 429, connection refused.</summary>
    Transient,
    /// <summary>Retrying cannot help: invalid number, unregistered token, 4xx.</summary>
    Permanent,
}

/// <summary>The result of one provider call.</summary>
/// <param name="Result">How it ended.</param>
/// <param name="Provider">Provider name (<c>fcm</c>, <c>twilio</c>, <c>smtp</c>, <c>inbox</c>, <c>webhook</c>).</param>
/// <param name="ProviderMessageId">The provider's id of the message, when sent.</param>
/// <param name="Error">What went wrong, when not sent.</param>
public sealed record SendOutcome(SendResult Result, string Provider, string? ProviderMessageId = null, string? Error = null)
{
    /// <summary>The provider asked to wait this long (Retry-After).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Push tokens the provider reported as no longer registered.</summary>
    public IReadOnlyList<string>? UnregisteredTokens { get; init; }

    /// <summary>Accepted.</summary>
    public static SendOutcome Success(string provider, string? messageId) => new(SendResult.Sent, provider, messageId);

    /// <summary>Retry later.</summary>
    public static SendOutcome Retry(string provider, string error, TimeSpan? retryAfter = null) =>
        new(SendResult.Transient, provider, Error: error) { RetryAfter = retryAfter };

    /// <summary>Give up on this channel.</summary>
    public static SendOutcome Reject(string provider, string error) => new(SendResult.Permanent, provider, Error: error);
}
