using Notify.Core.Notifications;
using Notify.Core.Users;

namespace Notify.Ingest.Users;

/// <summary>
/// One entry of <c>types</c> in the preferences: the channels a notification type or category may use, e.g.
/// <c>{"type": "promo.*", "disabledChannels": ["sms"]}</c> or <c>{"type": "promo.*", "onlyChannels": ["email"]}</c>,
/// and how it uses them: <c>{"type": "order.*", "routing": "all"}</c>.
/// </summary>
/// <param name="Type">A type (<c>promo.weekend</c>) or a category (<c>promo.*</c>); the most specific entry applies.</param>
/// <param name="DisabledChannels">Channels switched off for it.</param>
/// <param name="OnlyChannels">The only channels it may use.</param>
/// <param name="Routing"><c>fallback</c> (one channel at a time) or <c>all</c> (every channel at once), unless the request says.</param>
public sealed record TypeChannelsDocument(string? Type = null, IReadOnlyList<string>? DisabledChannels = null, IReadOnlyList<string>? OnlyChannels = null,
    string? Routing = null)
{
    /// <summary>The wire form of <paramref name="preference"/>.</summary>
    public static TypeChannelsDocument From(TypeChannelPreference preference) => new(
        preference.Type,
        preference.DisabledChannels is { } disabled ? [.. disabled.Select(c => c.ToWire())] : null,
        preference.OnlyChannels is { } only ? [.. only.Select(c => c.ToWire())] : null,
        preference.Routing?.ToWire());

    /// <summary>The domain form; call only once <see cref="PreferencesValidator"/> found no error.</summary>
    public TypeChannelPreference ToPreference() => new(
        Type!,
        DisabledChannels is { } disabled ? [.. disabled.Select(Parse)] : null,
        OnlyChannels is { } only ? [.. only.Select(Parse)] : null,
        Routings.TryParse(Routing, out var routing) ? routing : null);

    private static Channel Parse(string name) => Channels.TryParse(name, out var channel) ? channel : Channel.InApp;
}
