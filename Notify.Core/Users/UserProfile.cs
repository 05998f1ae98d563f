using Notify.Core.Notifications;

namespace Notify.Core.Users;

/// <summary>How to reach a user. Every field is optional; a channel without its contact is skipped with a reason.</summary>
/// <param name="Email">Email address.</param>
/// <param name="Phone">Phone number in E.164 form.</param>
/// <param name="PushTokens">Device tokens for push.</param>
/// <param name="WebhookUrl">Endpoint for webhook deliveries.</param>
public sealed record UserContacts(string? Email, string? Phone, IReadOnlyList<string>? PushTokens, string? WebhookUrl)
{
    /// <summary>No contacts.</summary>
    public static readonly UserContacts None = new(null, null, null, null);

    /// <summary>Preferred locale, e.g. <c>en-GB</c>.</summary>
    public string? Locale { get; init; }

    /// <summary>IANA time zone, e.g. <c>Europe/London</c>.</summary>
    public string? TimeZone { get; init; }

    /// <summary>Whether the user can be reached on <paramref name="channel"/> at all.</summary>
    public bool CanReach(Channel channel) => channel switch
    {
        Channel.Push => PushTokens is { Count: > 0 },
        Channel.Sms => !string.IsNullOrEmpty(Phone),
        Channel.Email => !string.IsNullOrEmpty(Email),
        Channel.Webhook => !string.IsNullOrEmpty(WebhookUrl),
        _ => true, // the in-app inbox needs no contact
    };
}

/// <summary>What the user wants.</summary>
public sealed record UserPreferences
{
    /// <summary>Defaults: every channel on; fallback push → SMS for critical, push → email otherwise; in-app always kept.</summary>
    public static readonly UserPreferences Default = new();

    /// <summary>Channels switched off by the user.</summary>
    public IReadOnlyList<Channel> DisabledChannels { get; init; } = [];

    /// <summary>
    /// Channel order per priority: the first reachable, enabled channel is tried first, the next ones take over when
    /// it fails for good. Priorities not listed use <see cref="DefaultFallback"/>.
    /// </summary>
    public IReadOnlyDictionary<Priority, IReadOnlyList<Channel>> Fallback { get; init; } = new Dictionary<Priority, IReadOnlyList<Channel>>
    {
        [Priority.Critical] = [Channel.Push, Channel.Sms, Channel.Email],
    };

    /// <summary>Order for priorities without their own.</summary>
    public IReadOnlyList<Channel> DefaultFallback { get; init; } = [Channel.Push, Channel.Email, Channel.Sms];

    /// <summary>Notification types or categories (<c>promo.*</c>) the user opted out of; required types ignore it.</summary>
    public IReadOnlyList<string> OptOuts { get; init; } = [];

    /// <summary>Channel choices per notification type or category; required types ignore them.</summary>
    public IReadOnlyList<TypeChannelPreference> Types { get; init; } = [];

    /// <summary>When non-critical notifications wait, in the user's time zone (<see cref="UserContacts.TimeZone"/>); null for never.</summary>
    public QuietHours? QuietHours { get; init; }

    /// <summary>The channel order for <paramref name="priority"/>.</summary>
    public IReadOnlyList<Channel> OrderFor(Priority priority) => Fallback.TryGetValue(priority, out var order) ? order : DefaultFallback;
}

/// <summary>Everything the dispatcher needs to know about a recipient.</summary>
/// <param name="Tenant">Tenant.</param>
/// <param name="UserId">User id.</param>
/// <param name="Contacts">Contacts.</param>
/// <param name="Preferences">Preferences.</param>
public sealed record UserProfile(string Tenant, string UserId, UserContacts Contacts, UserPreferences Preferences);
