namespace Notify.Core.Notifications;

/// <summary>What a notification type implies when the request does not say.</summary>
/// <param name="Pattern">An exact type (<c>order.out_for_delivery</c>) or a prefix wildcard (<c>promo.*</c>).</param>
/// <param name="Priority">Its priority.</param>
/// <param name="Required">Users cannot opt out of it (security, order-critical).</param>
public sealed record NotificationTypeRule(string Pattern, Priority Priority, bool Required = false)
{
    /// <summary>How its notifications use their channels when neither the request nor the user's preferences say; null for a fallback chain.</summary>
    public Routing? Routing { get; init; }

    /// <summary>
    /// The channels its notifications go to when the request names none, in place of the user's order for the priority
    /// (the user's disabled channels and missing contacts still leave channels out); null for the user's order.
    /// </summary>
    public IReadOnlyList<Channel>? Channels { get; init; }

    /// <summary>Whether <paramref name="type"/> matches this rule.</summary>
    public bool Matches(string type) =>
        Pattern.EndsWith(".*", StringComparison.Ordinal)
            ? type.StartsWith(Pattern[..^1], StringComparison.Ordinal)
            : string.Equals(Pattern, type, StringComparison.Ordinal);
}

/// <summary>
/// The known notification types. A type must match a rule to be accepted (an unknown type is a 400 naming the
/// field); the most specific rule wins: an exact type before a wildcard, a longer wildcard before a shorter one.
/// </summary>
public sealed class NotificationTypeCatalog
{
    /// <summary>
    /// Rules for a food-delivery service: order status, security and one-time passwords, promotions. None sets a routing
    /// or channels: sending one update on several paid channels at once is the operator's call (<c>Notify:Types</c>).
    /// </summary>
    public static readonly IReadOnlyList<NotificationTypeRule> DefaultRules =
    [
        new("order.placed", Priority.Normal),
        new("order.accepted", Priority.Normal),
        new("order.preparing", Priority.Normal),
        new("order.ready_for_pickup", Priority.High),
        new("order.out_for_delivery", Priority.Critical, Required: true),
        new("order.nearby", Priority.Critical, Required: true),
        new("order.delivered", Priority.High, Required: true),
        new("order.cancelled", Priority.Critical, Required: true),
        new("order.*", Priority.Normal),
        new("security.*", Priority.Critical, Required: true),
        new("otp.*", Priority.Critical, Required: true),
        new("account.*", Priority.High),
        new("courier.*", Priority.High),
        new("restaurant.*", Priority.High),
        new("system.*", Priority.Normal),
        new("promo.*", Priority.Low),
        new("marketing.*", Priority.Low),
    ];

    private readonly NotificationTypeRule[] _rules;

    /// <summary>A catalogue of <paramref name="rules"/> (default: <see cref="DefaultRules"/>).</summary>
    public NotificationTypeCatalog(IEnumerable<NotificationTypeRule>? rules = null) =>
        _rules = [.. (rules ?? DefaultRules).OrderByDescending(Specificity)];

    /// <summary>The rule that governs <paramref name="type"/>, or null when the type is unknown.</summary>
    public NotificationTypeRule? Find(string type)
    {
        foreach (var rule in _rules)
            if (rule.Matches(type))
                return rule;
        return null;
    }

    private static int Specificity(NotificationTypeRule rule) =>
        rule.Pattern.EndsWith(".*", StringComparison.Ordinal) ? rule.Pattern.Length : int.MaxValue;
}
