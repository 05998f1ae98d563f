using System.Text.Json.Serialization;
using Notify.Core.Notifications;

namespace Notify.Core.Users;

/// <summary>
/// The channels a user wants for one notification type or category (<c>promo.*</c>): <c>promo.*</c> off on SMS only
/// (<see cref="DisabledChannels"/>), or <c>promo.*</c> on email only (<see cref="OnlyChannels"/>). The most specific
/// entry that matches a type applies, as in the type catalogue; required types ignore these channel choices. It may also
/// choose the routing (<see cref="Routing"/>).
/// </summary>
/// <param name="Type">A notification type (<c>promo.weekend</c>) or a category (<c>promo.*</c>).</param>
/// <param name="DisabledChannels">Channels switched off for it.</param>
/// <param name="OnlyChannels">When set, the only channels it may use.</param>
/// <param name="Routing">
/// When set, how it uses its channels (<c>all</c>: every one at once), unless the request says; this choice holds for
/// required types too, which still reach the user either way.
/// </param>
public sealed record TypeChannelPreference(string Type, IReadOnlyList<Channel>? DisabledChannels = null, IReadOnlyList<Channel>? OnlyChannels = null,
    Routing? Routing = null)
{
    /// <summary>Whether <paramref name="type"/> falls under this entry.</summary>
    public bool Matches(string type) => new NotificationTypeRule(Type, Priority.Normal).Matches(type);

    /// <summary>Whether <paramref name="channel"/> may carry the type.</summary>
    public bool Allows(Channel channel) =>
        !(DisabledChannels?.Contains(channel) ?? false) && (OnlyChannels is null || OnlyChannels.Contains(channel));

    /// <summary>Whether it chooses channels (an entry may choose only the routing).</summary>
    [JsonIgnore]
    public bool ChoosesChannels => DisabledChannels is not null || OnlyChannels is not null;

    /// <summary>
    /// The entry of <paramref name="entries"/> that chooses the channels of <paramref name="type"/>: an exact type before
    /// a category, a longer category before a shorter one.
    /// </summary>
    public static TypeChannelPreference? ChannelsFor(IEnumerable<TypeChannelPreference> entries, string type) =>
        For(entries.Where(e => e.ChoosesChannels), type);

    private static TypeChannelPreference? For(IEnumerable<TypeChannelPreference> entries, string type)
    {
        TypeChannelPreference? best = null;
        foreach (var entry in entries)
        {
            if (entry.Matches(type) && (best is null || Specificity(entry) > Specificity(best)))
                best = entry;
        }
        return best;
    }

    /// <summary>The routing the most specific entry of <paramref name="entries"/> that sets one chooses for <paramref name="type"/>, if any.</summary>
    public static Routing? RoutingFor(IEnumerable<TypeChannelPreference> entries, string type) =>
        For(entries.Where(e => e.Routing is not null), type)?.Routing;

    private static int Specificity(TypeChannelPreference entry) =>
        entry.Type.EndsWith(".*", StringComparison.Ordinal) ? entry.Type.Length : int.MaxValue;
}
