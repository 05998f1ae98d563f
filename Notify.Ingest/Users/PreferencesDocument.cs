using Notify.Core.Notifications;
using Notify.Core.Users;

namespace Notify.Ingest.Users;

/// <summary>
/// A user's preferences on the wire (<c>GET</c>/<c>PUT /v1/users/{userId}/preferences</c>); what <c>GET</c> answers can
/// be sent back with <c>PUT</c>, which replaces the whole set.
/// </summary>
/// <param name="DisabledChannels">Channels the user switched off.</param>
/// <param name="Fallback">
/// Channel order per priority (<c>{"critical": ["push", "sms"]}</c>): the first reachable channel is tried first, the
/// next take over when it fails. Priorities not listed use the default order (push, email, sms); leaving the field out
/// keeps the defaults (critical: push, sms, email).
/// </param>
/// <param name="OptOuts">
/// Types or categories (<c>promo.*</c>) the user does not want. Naming a type or category the operator marked required
/// is refused (400); a wider category that covers required types as well (<c>order.*</c>) is kept, and required types
/// are delivered regardless.
/// </param>
/// <param name="Types">Channel choices per type or category (<c>promo.*</c> off on SMS, or on email only), and its routing (<c>order.*</c> on every channel at once).</param>
public sealed record PreferencesDocument(
    IReadOnlyList<string>? DisabledChannels = null,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Fallback = null,
    IReadOnlyList<string>? OptOuts = null,
    IReadOnlyList<TypeChannelsDocument>? Types = null)
{
    /// <summary>When non-critical notifications wait for the user (local times in the contacts' time zone); null for never.</summary>
    public QuietHoursDocument? QuietHours { get; init; }

    /// <summary>The wire form of <paramref name="preferences"/>.</summary>
    public static PreferencesDocument From(UserPreferences preferences) => new(
        [.. preferences.DisabledChannels.Select(c => c.ToWire())],
        preferences.Fallback.ToDictionary(f => f.Key.ToWire(), f => (IReadOnlyList<string>)[.. f.Value.Select(c => c.ToWire())]),
        preferences.OptOuts,
        [.. preferences.Types.Select(TypeChannelsDocument.From)]) { QuietHours = preferences.QuietHours is { } quiet ? QuietHoursDocument.From(quiet) : null };

    /// <summary>The domain form; call only once <see cref="PreferencesValidator"/> found no error.</summary>
    public UserPreferences ToPreferences()
    {
        var preferences = new UserPreferences
        {
            DisabledChannels = [.. (DisabledChannels ?? []).Select(Parse)],
            OptOuts = [.. OptOuts ?? []],
            Types = [.. (Types ?? []).Select(t => t.ToPreference())],
            QuietHours = QuietHours?.ToQuietHours(),
        };
        return Fallback is null
            ? preferences
            : preferences with
            {
                Fallback = Fallback.ToDictionary(
                    f => Priorities.TryParse(f.Key, out var p) ? p : Priority.Normal,
                    f => (IReadOnlyList<Channel>)[.. f.Value.Select(Parse)]),
            };
    }

    private static Channel Parse(string name) => Channels.TryParse(name, out var channel) ? channel : Channel.InApp;
}
