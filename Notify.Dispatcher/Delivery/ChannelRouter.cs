using Notify.Core.Notifications;
using Notify.Core.Users;

namespace Notify.Dispatcher.Delivery;

/// <summary>Which channels a notification goes to, and in what order.</summary>
/// <param name="Chain">Tried in order: the next takes over only when the one before fails for good.</param>
/// <param name="Alongside">Sent as well, each independently of the chain and of each other (the in-app inbox; every channel under <see cref="Routing.All"/>).</param>
/// <param name="Skipped">Channels left out, with the reason.</param>
public sealed record DeliveryPlan(IReadOnlyList<Channel> Chain, IReadOnlyList<Channel> Alongside, IReadOnlyList<(Channel Channel, string Reason)> Skipped)
{
    /// <summary>The routing followed: under <see cref="Routing.All"/> the chain is empty and every channel goes alongside.</summary>
    public Routing Routing { get; init; }

    /// <summary>Every channel that may be sent.</summary>
    public IEnumerable<Channel> All => Chain.Concat(Alongside);
}

/// <summary>
/// Plans deliveries from the request, the user's profile and the type catalogue. The channels: those the request
/// names, in its order; else the type's channels in the catalogue, or the user's order for the priority, with the
/// in-app inbox kept alongside. The routing: the request's, else the user's choice for the type or its category, else
/// the catalogue's, else a fallback chain. A fallback chain tries one channel at a time; <see cref="Routing.All"/>
/// sends on every channel at once. Disabled channels (for every type, or for the type or its category) and channels
/// without a contact are skipped with a reason; an opt-out of the type skips everything. Required types ignore
/// opt-outs and disabled channels.
/// </summary>
public sealed class ChannelRouter(NotificationTypeCatalog catalog)
{
    /// <summary>The plan for <paramref name="notification"/> to <paramref name="profile"/>.</summary>
    public DeliveryPlan Plan(NotificationEnvelope notification, UserProfile profile)
    {
        var skipped = new List<(Channel, string)>();
        var rule = catalog.Find(notification.Type);
        var required = rule?.Required ?? false;
        if (!required && OptedOut(profile.Preferences, notification.Type) is { } optOut)
            return new DeliveryPlan([], [], [(Channel.InApp, $"user opted out of '{optOut}'")]);

        var routing = notification.Routing
            ?? TypeChannelPreference.RoutingFor(profile.Preferences.Types, notification.Type)
            ?? rule?.Routing
            ?? Routing.Fallback;
        var forType = required ? null : TypeChannelPreference.ChannelsFor(profile.Preferences.Types, notification.Type);
        var explicitChannels = notification.Channels is { Count: > 0 };
        var order = explicitChannels ? notification.Channels! : rule?.Channels ?? profile.Preferences.OrderFor(notification.Priority);
        var chain = new List<Channel>(order.Count + 1);
        foreach (var channel in order.Distinct())
        {
            if (Usable(channel, profile, required, forType, skipped))
                chain.Add(channel);
        }
        var alongside = new List<Channel>(1);
        if (!explicitChannels && !chain.Contains(Channel.InApp) && Usable(Channel.InApp, profile, required, forType, skipped))
            alongside.Add(Channel.InApp);
        if (routing == Routing.All)
        {
            chain.AddRange(alongside);
            return new DeliveryPlan([], chain, skipped) { Routing = routing };
        }
        return new DeliveryPlan(chain, alongside, skipped) { Routing = routing };
    }

    private static bool Usable(Channel channel, UserProfile profile, bool required, TypeChannelPreference? forType, List<(Channel, string)> skipped)
    {
        if (!required && profile.Preferences.DisabledChannels.Contains(channel))
        {
            skipped.Add((channel, "channel disabled by the user"));
            return false;
        }
        if (forType is not null && !forType.Allows(channel))
        {
            skipped.Add((channel, $"channel disabled by the user for '{forType.Type}'"));
            return false;
        }
        if (!profile.Contacts.CanReach(channel))
        {
            skipped.Add((channel, $"no {channel.ToWire()} contact"));
            return false;
        }
        return true;
    }

    private static string? OptedOut(UserPreferences preferences, string type)
    {
        foreach (var pattern in preferences.OptOuts)
        {
            if (new NotificationTypeRule(pattern, Priority.Normal).Matches(type))
                return pattern;
        }
        return null;
    }
}
