using System.Net;
using System.Net.Http.Json;
using Notify.Core.Notifications;
using Notify.Core.Storage;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Ingest;

/// <summary>Preferences per type or category and channel, and the types users cannot opt out of.</summary>
public sealed class PreferenceRulesTests(PostgresDatabaseFixture database) : IngestDatabaseTest(database)
{
    [Fact]
    public async Task Channel_choices_per_category_are_stored_and_read_back()
    {
        var userId = TestNames.Unique("user");

        var put = await Host.Client.PutAsJsonAsync($"/v1/users/{userId}/preferences", new
        {
            optOuts = new[] { "marketing.*", "order.*" },
            types = new object[]
            {
                new { type = "promo.*", disabledChannels = new[] { "sms" } },
                new { type = "promo.weekly", onlyChannels = new[] { "email" } },
            },
        });
        var stored = await (await Host.Client.GetAsync($"/v1/users/{userId}/preferences")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        var types = stored.GetProperty("types").EnumerateArray().ToList();
        Assert.Equal(["promo.*", "promo.weekly"], types.Select(t => t.GetProperty("type").GetString()));
        Assert.Equal(["email"], types[1].GetProperty("onlyChannels").EnumerateArray().Select(c => c.GetString()));
        var preferences = await new UserStore(Db).GetPreferencesAsync(Host.Tenant, userId);
        Assert.Equal([Channel.Sms], preferences!.Types[0].DisabledChannels);
        Assert.Equal(["marketing.*", "order.*"], preferences.OptOuts); // order.* stays: it covers required types, which ignore it
    }

    [Fact]
    public async Task Opting_out_of_a_required_type_or_category_is_refused_naming_it()
    {
        var userId = TestNames.Unique("user");

        var problem = await (await Host.Client.PutAsJsonAsync($"/v1/users/{userId}/preferences", new
        {
            optOuts = new[] { "promo.*", "security.*", "order.out_for_delivery" },
            types = new object[] { new { type = "otp.*", disabledChannels = new[] { "sms" } }, new { type = "promo.*" } },
        })).ReadProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        var optOutErrors = errors.GetProperty("optOuts").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(optOutErrors, e => e.Contains("'security.*' is required", StringComparison.Ordinal));
        Assert.Contains(optOutErrors, e => e.Contains("'order.out_for_delivery' is required", StringComparison.Ordinal));
        Assert.DoesNotContain(optOutErrors, e => e.Contains("promo", StringComparison.Ordinal));
        Assert.True(errors.TryGetProperty("types[0].type", out _));
        Assert.True(errors.TryGetProperty("types[1]", out _)); // neither disabledChannels nor onlyChannels
        Assert.Null(await new UserStore(Db).GetPreferencesAsync(Host.Tenant, userId));
    }

    [Fact]
    public async Task Routing_per_type_or_category_is_stored_even_for_a_required_type()
    {
        var userId = TestNames.Unique("user");

        var put = await Host.Client.PutAsJsonAsync($"/v1/users/{userId}/preferences", new
        {
            types = new object[]
            {
                new { type = "order.*", routing = "all" },
                new { type = "order.out_for_delivery", routing = "fallback" },
            },
        });
        var stored = await (await Host.Client.GetAsync($"/v1/users/{userId}/preferences")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        Assert.Equal(["all", "fallback"], stored.GetProperty("types").EnumerateArray().Select(t => t.GetProperty("routing").GetString()));
        var preferences = await new UserStore(Db).GetPreferencesAsync(Host.Tenant, userId);
        Assert.Equal(new Routing?[] { Routing.All, Routing.Fallback }, preferences!.Types.Select(t => t.Routing));
        Assert.All(preferences.Types, t => Assert.False(t.ChoosesChannels));
    }
}
