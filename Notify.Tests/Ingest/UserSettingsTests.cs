using System.Net;
using System.Net.Http.Json;
using Notify.Core.Notifications;
using Notify.Core.Storage;
using Notify.Tests.Infrastructure;
using Npgsql;

namespace Notify.Tests.Ingest;

/// <summary>Contacts and preferences, stored through the user directory where the dispatcher reads them.</summary>
public sealed class UserSettingsTests(PostgresDatabaseFixture database) : IngestDatabaseTest(database)
{
    [Fact]
    public async Task Contacts_are_stored_for_the_dispatcher_to_read()
    {
        var userId = TestNames.Unique("user");

        var response = await Host.Client.PutAsJsonAsync($"/v1/users/{userId}/contacts", new
        {
            email = "ana@example.com",
            phone = "+4915112345678",
            pushTokens = new[] { "device-token-1" },
            webhookUrl = "https://hooks.example.com/notify",
            locale = "pt-BR",
            timeZone = "America/Sao_Paulo",
        });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var contacts = await new UserStore(Db).GetContactsAsync(Host.Tenant, userId);
        Assert.Equal(("ana@example.com", "+4915112345678", "https://hooks.example.com/notify", "pt-BR", "America/Sao_Paulo"),
            (contacts!.Email, contacts.Phone, contacts.WebhookUrl, contacts.Locale, contacts.TimeZone));
        Assert.Equal(["device-token-1"], contacts.PushTokens);
    }

    [Fact]
    public async Task Preferences_are_the_defaults_until_set_and_read_back_as_set()
    {
        var userId = TestNames.Unique("user");
        var defaults = await (await Host.Client.GetAsync($"/v1/users/{userId}/preferences")).ReadJsonAsync(HttpStatusCode.OK);

        var put = await Host.Client.PutAsJsonAsync($"/v1/users/{userId}/preferences", new
        {
            disabledChannels = new[] { "email" },
            fallback = new Dictionary<string, string[]> { ["critical"] = ["sms", "push"] },
            optOuts = new[] { "promo.*" },
        });
        var stored = await (await Host.Client.GetAsync($"/v1/users/{userId}/preferences")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(["push", "sms", "email"], defaults.GetProperty("fallback").GetProperty("critical").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        Assert.Equal(["email"], stored.GetProperty("disabledChannels").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["sms", "push"], stored.GetProperty("fallback").GetProperty("critical").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["promo.*"], stored.GetProperty("optOuts").EnumerateArray().Select(c => c.GetString()));
        var preferences = await new UserStore(Db).GetPreferencesAsync(Host.Tenant, userId);
        Assert.Equal([Channel.Sms, Channel.Push], preferences!.OrderFor(Priority.Critical));
    }

    [Fact]
    public async Task Another_tenants_user_of_the_same_id_keeps_its_own_settings()
    {
        var userId = TestNames.Unique("user");
        await Host.Client.PutAsJsonAsync($"/v1/users/{userId}/contacts", new { email = "ana@example.com" });

        Assert.Null(await new UserStore(Db).GetContactsAsync("some-other-tenant", userId));
    }
}
