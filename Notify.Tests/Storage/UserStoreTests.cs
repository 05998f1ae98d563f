using Notify.Core.Notifications;
using Notify.Core.Storage;
using Notify.Core.Users;

namespace Notify.Tests.Storage;

public sealed class UserStoreTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>
{
    private readonly UserStore _store = new(database.DataSource);

    [Fact]
    public async Task A_user_never_stored_has_no_contacts_and_default_preferences()
    {
        Assert.Null(await _store.GetContactsAsync("acme", "nobody"));
        Assert.Null(await _store.GetPreferencesAsync("acme", "nobody"));

        UserProfile profile = await _store.GetProfileAsync("acme", "nobody");

        Assert.Equal(("acme", "nobody"), (profile.Tenant, profile.UserId));
        Assert.Same(UserContacts.None, profile.Contacts);
        Assert.Same(UserPreferences.Default, profile.Preferences);
    }

    [Fact]
    public async Task Contacts_round_trip_and_a_put_replaces_them()
    {
        var contacts = new UserContacts("ana@example.com", "+447700900123", ["token-a", "token-b"], "https://hooks.example.com/ana")
        {
            Locale = "en-GB",
            TimeZone = "Europe/London",
        };

        await _store.PutContactsAsync("acme", "ana", contacts);
        UserContacts stored = (await _store.GetContactsAsync("acme", "ana"))!;
        await _store.PutContactsAsync("acme", "ana", new UserContacts(null, "+447700900999", null, null));
        UserContacts replaced = (await _store.GetContactsAsync("acme", "ana"))!;

        Assert.Equal((contacts.Email, contacts.Phone, contacts.WebhookUrl, contacts.Locale, contacts.TimeZone),
            (stored.Email, stored.Phone, stored.WebhookUrl, stored.Locale, stored.TimeZone));
        Assert.Equal(["token-a", "token-b"], stored.PushTokens);
        Assert.Equal(new UserContacts(null, "+447700900999", null, null), replaced);
        Assert.Null(await _store.GetContactsAsync("globex", "ana"));
    }

    [Fact]
    public async Task Preferences_round_trip_with_fallback_order_and_opt_outs()
    {
        var preferences = new UserPreferences
        {
            DisabledChannels = [Channel.Email],
            Fallback = new Dictionary<Priority, IReadOnlyList<Channel>> { [Priority.Critical] = [Channel.Sms, Channel.Push], [Priority.Low] = [Channel.InApp] },
            DefaultFallback = [Channel.Push, Channel.InApp],
            OptOuts = ["promo.*"],
        };

        await _store.PutPreferencesAsync("acme", "ana", preferences);
        UserPreferences stored = (await _store.GetPreferencesAsync("acme", "ana"))!;

        Assert.Equal([Channel.Email], stored.DisabledChannels);
        Assert.Equal([Channel.Sms, Channel.Push], stored.OrderFor(Priority.Critical));
        Assert.Equal([Channel.InApp], stored.OrderFor(Priority.Low));
        Assert.Equal([Channel.Push, Channel.InApp], stored.OrderFor(Priority.Normal));
        Assert.Equal(["promo.*"], stored.OptOuts);
    }

    [Fact]
    public async Task A_profile_combines_stored_contacts_with_default_preferences_when_none_were_stored()
    {
        await _store.PutContactsAsync("acme", "carla", new UserContacts("carla@example.com", null, null, null));

        UserProfile profile = await _store.GetProfileAsync("acme", "carla");

        Assert.Equal("carla@example.com", profile.Contacts.Email);
        Assert.True(profile.Contacts.CanReach(Channel.Email));
        Assert.False(profile.Contacts.CanReach(Channel.Sms));
        Assert.Same(UserPreferences.Default, profile.Preferences);
    }
}
