using Notify.Core.Notifications;
using Notify.Core.Users;

namespace Notify.Dispatcher.Channels.Email;

/// <summary>The RFC 8058 one-click unsubscribe headers of an email.</summary>
/// <param name="ListUnsubscribe">The <c>List-Unsubscribe</c> value: the signed link, and a mailto when configured.</param>
/// <param name="ListUnsubscribePost">The <c>List-Unsubscribe-Post</c> value.</param>
public sealed record UnsubscribeHeaders(string ListUnsubscribe, string ListUnsubscribePost);

/// <summary>
/// Builds the unsubscribe headers of non-required emails: the link opts the user out of the type's category when the
/// catalogue knows it by one (<c>promo.*</c>), else of the type itself. Required types get none: they cannot be opted out of.
/// </summary>
public sealed class UnsubscribeLinks(UnsubscribeOptions options, NotificationTypeCatalog catalog)
{
    private readonly UnsubscribeTokens _tokens = new(options);

    /// <summary>The headers for <paramref name="n"/>, or null when it has none.</summary>
    public UnsubscribeHeaders? For(NotificationEnvelope n)
    {
        if (!options.Enabled || catalog.Find(n.Type) is not { Required: false } rule)
            return null;
        var category = rule.Pattern.EndsWith(".*", StringComparison.Ordinal) ? rule.Pattern : n.Type;
        var token = _tokens.Create(new Unsubscription(n.Tenant, n.UserId, category));
        var link = $"<{options.BaseUrl!.TrimEnd('/')}/v1/unsubscribe?token={token}>";
        if (!string.IsNullOrEmpty(options.Mailto))
            link += $", <mailto:{options.Mailto}?subject=unsubscribe%20{token}>";
        return new UnsubscribeHeaders(link, "List-Unsubscribe=One-Click");
    }
}
