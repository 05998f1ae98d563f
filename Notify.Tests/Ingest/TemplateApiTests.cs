using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Notify.Ingest.Templates;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Ingest;

/// <summary><c>PUT/GET /v1/templates/{type}</c> over a real database, and the request-time check of template variables.</summary>
public sealed class TemplateApiTests(PostgresDatabaseFixture database) : IngestDatabaseTest(database)
{
    private readonly string _connectionString = database.ConnectionString;

    private static readonly object OutForDelivery = new
    {
        defaultLocale = "en",
        locales = new Dictionary<string, object>
        {
            ["en"] = new Dictionary<string, object>
            {
                ["default"] = new { title = "On its way", body = "Order {{orderId}} is out for delivery{{#if eta}}, arriving in {{eta}} min{{/if}}." },
                ["sms"] = new { body = "Order {{orderId}}: {{courier.name}} is on the way." },
                ["email"] = new { subject = "Order {{orderId}}", html = "<p>{{courier.name}} is on the way.</p>", text = "{{courier.name}} is on the way." },
            },
            ["de"] = new Dictionary<string, object>
            {
                ["default"] = new { title = "Unterwegs", body = "Bestellung {{orderId}} ist unterwegs." },
            },
        },
    };

    [Fact]
    public async Task A_template_is_saved_with_its_variables_and_read_back()
    {
        var put = await Host.Client.PutAsJsonAsync("/v1/templates/order.out_for_delivery", OutForDelivery);
        var saved = await put.ReadJsonAsync(HttpStatusCode.OK);
        var got = await (await Host.Client.GetAsync("/v1/templates/order.out_for_delivery")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(1, saved.GetProperty("version").GetInt32());
        Assert.Equal("stored", got.GetProperty("source").GetString());
        Assert.Equal("en", got.GetProperty("defaultLocale").GetString());
        Assert.Equal("Bestellung {{orderId}} ist unterwegs.", got.GetProperty("locales").GetProperty("de").GetProperty("default").GetProperty("body").GetString());
        Assert.Equal(["courier.name", "eta", "orderId"], got.GetProperty("variables").EnumerateArray().Select(v => v.GetString()));
        var required = got.GetProperty("requiredVariables");
        Assert.Equal(["courier.name", "orderId"], required.GetProperty("sms").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["orderId"], required.GetProperty("push").EnumerateArray().Select(v => v.GetString()));
        var sms = got.GetProperty("sms").EnumerateArray().Select(s => (s.GetProperty("locale").GetString(), s.GetProperty("text").GetString(),
            s.GetProperty("encoding").GetString(), s.GetProperty("segments").GetInt32())).OrderBy(s => s.Item1).ToList();
        Assert.Equal([("de", "Bestellung  ist unterwegs.", "gsm-7", 1), ("en", "Order :  is on the way.", "gsm-7", 1)], sms);

        var replaced = await (await Host.Client.PutAsJsonAsync("/v1/templates/order.out_for_delivery", OutForDelivery)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, replaced.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Templates_are_confined_to_the_keys_tenant_and_saving_takes_admin()
    {
        await using var other = await IngestTestHost.StartAsync(_connectionString);
        await TemplatesLoadedAsync(other);
        Assert.Equal(HttpStatusCode.OK, (await Host.Client.PutAsJsonAsync("/v1/templates/order.delivered", OutForDelivery)).StatusCode);

        var othersView = await (await other.Client.GetAsync("/v1/templates/order.delivered")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("builtin", othersView.GetProperty("source").GetString());
        await (await Host.CreateClient(Host.SendKey).PutAsJsonAsync("/v1/templates/order.delivered", OutForDelivery)).ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await Host.CreateClient(Host.ReadKey).GetAsync("/v1/templates/order.delivered")).StatusCode);
        // The other tenant's notifications of the type are not held to this tenant's variables.
        var accepted = await other.Client.PostJsonAsync("/v1/notifications", new { userId = "u1", type = "order.delivered", data = new { } });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    [Fact]
    public async Task A_template_that_does_not_compile_is_refused_naming_the_field()
    {
        var response = await Host.Client.PutAsJsonAsync("/v1/templates/order.placed", new
        {
            defaultLocale = "fr",
            locales = new Dictionary<string, object>
            {
                ["en"] = new Dictionary<string, object>
                {
                    ["push"] = new { title = "Hi", body = "{{#each items}}no end" },
                    ["sms"] = new { title = "SMS has no title", body = "ok" },
                    ["fax"] = new { body = "?" },
                },
            },
        });

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["defaultLocale", "locales.en.fax", "locales.en.push.body", "locales.en.sms.title"], problem.ErrorFields().Order());
        var unchanged = await (await Host.Client.GetAsync("/v1/templates/order.placed")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("builtin", unchanged.GetProperty("source").GetString());
        var unknownType = await Host.Client.PutAsJsonAsync("/v1/templates/no.such_type", OutForDelivery);
        Assert.Contains("type", (await unknownType.ReadProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
        var typo = await Host.Client.PutAsJsonAsync("/v1/templates/order.placed", new { defaultLocale = "en", locales = new { en = new { sms = new { bdy = "x" } } } });
        Assert.Contains("locales.en.sms.bdy", (await typo.ReadProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
    }

    [Fact]
    public async Task An_sms_text_over_the_segment_limit_is_refused()
    {
        var response = await Host.Client.PutAsJsonAsync("/v1/templates/order.accepted", new
        {
            defaultLocale = "en",
            locales = new { en = new { sms = new { body = "🍕 " + new string('x', 200) + " {{orderId}}" } } },
        });

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("ucs-2", Assert.Single(problem.GetProperty("errors").GetProperty("locales.en.sms.body").EnumerateArray()).GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_notification_lacking_a_template_variable_is_refused_naming_it()
    {
        await TemplatesLoadedAsync(Host);
        Assert.Equal(HttpStatusCode.OK, (await Host.Client.PutAsJsonAsync("/v1/templates/order.out_for_delivery", OutForDelivery)).StatusCode);

        var missing = await Host.Client.PostJsonAsync("/v1/notifications", new { userId = "u1", type = "order.out_for_delivery", data = new { orderId = "o-1" } });
        var problem = await missing.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["data.courier.name"], problem.ErrorFields());

        // Push alone does not use the courier; the full data passes everywhere.
        var pushOnly = await Host.Client.PostJsonAsync("/v1/notifications", new { userId = "u1", type = "order.out_for_delivery", channels = new[] { "push" }, data = new { orderId = "o-1" } });
        var complete = await Host.Client.PostJsonAsync("/v1/notifications", new
        {
            userId = "u1", type = "order.out_for_delivery", data = new { orderId = "o-1", courier = new { name = "Sam" } },
        });
        Assert.Equal(HttpStatusCode.Accepted, pushOnly.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, complete.StatusCode);
    }

    [Fact]
    public async Task Batch_items_lacking_a_template_variable_are_refused_one_by_one()
    {
        await TemplatesLoadedAsync(Host);
        Assert.Equal(HttpStatusCode.OK, (await Host.Client.PutAsJsonAsync("/v1/templates/order.out_for_delivery", OutForDelivery)).StatusCode);

        var response = await Host.Client.PostJsonAsync("/v1/notifications/batch", new
        {
            items = new object[]
            {
                new { userId = "u1", type = "order.out_for_delivery", data = new { orderId = "o-1", courier = new { name = "Sam" } } },
                new { userId = "u2", type = "order.out_for_delivery", data = new { courier = new { name = "Sam" } } },
                new { userId = "u3", type = "order.placed" },
            },
        });

        var batch = await response.ReadJsonAsync(HttpStatusCode.OK);
        var results = batch.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["accepted", "rejected", "accepted"], results.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal(["data.orderId"], results[1].GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task An_order_event_gets_its_order_id_from_the_event_but_must_carry_the_rest()
    {
        await TemplatesLoadedAsync(Host);
        Assert.Equal(HttpStatusCode.OK, (await Host.Client.PutAsJsonAsync("/v1/templates/order.out_for_delivery", OutForDelivery)).StatusCode);

        var missing = await Host.Client.PostJsonAsync("/v1/events/orders", new { orderId = "o-9", userId = "u1", status = "OUT_FOR_DELIVERY" });
        var complete = await Host.Client.PostJsonAsync("/v1/events/orders", new
        {
            orderId = "o-9", userId = "u1", status = "OUT_FOR_DELIVERY", data = new { courier = new { name = "Sam" } },
        });

        Assert.Equal(["data.courier.name"], (await missing.ReadProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(HttpStatusCode.Accepted, complete.StatusCode);
    }

    [Fact]
    public async Task A_type_without_a_template_shows_its_built_in_wording()
    {
        var builtIn = await (await Host.CreateClient(Host.ReadKey).GetAsync("/v1/templates/order.out_for_delivery")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("builtin", builtIn.GetProperty("source").GetString());
        Assert.Equal("en", builtIn.GetProperty("defaultLocale").GetString());
        var english = Assert.Single(builtIn.GetProperty("locales").EnumerateObject());
        Assert.Equal("en", english.Name);
        var wording = Assert.Single(english.Value.EnumerateObject()); // one entry, "default", serves every channel
        Assert.Equal("default", wording.Name);
        Assert.Equal("On its way", wording.Value.GetProperty("title").GetString());
        Assert.Equal("Your order {{orderId}} is out for delivery.", wording.Value.GetProperty("body").GetString());
        Assert.Equal(["orderId"], builtIn.GetProperty("variables").EnumerateArray().Select(v => v.GetString()));
        Assert.Empty(builtIn.GetProperty("requiredVariables").EnumerateObject()); // the built-in wording refuses nothing
        Assert.Equal(0, builtIn.GetProperty("version").GetInt32());
        Assert.False(builtIn.TryGetProperty("updatedAt", out _));
        // A type of the catalogue with no built-in wording has nothing to show.
        await (await Host.Client.GetAsync("/v1/templates/promo.weekend")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_built_in_wording_can_be_saved_as_the_tenants_own_to_start_from()
    {
        var builtIn = await (await Host.Client.GetAsync("/v1/templates/order.cancelled")).ReadJsonAsync(HttpStatusCode.OK);
        var document = new { defaultLocale = builtIn.GetProperty("defaultLocale"), locales = builtIn.GetProperty("locales") };

        var saved = await (await Host.Client.PutAsJsonAsync("/v1/templates/order.cancelled", document)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("stored", saved.GetProperty("source").GetString());
        Assert.Equal(builtIn.GetProperty("locales").GetRawText(), saved.GetProperty("locales").GetRawText());
    }

    [Fact]
    public async Task Deleting_a_template_returns_the_type_to_its_built_in_wording()
    {
        await TemplatesLoadedAsync(Host);
        Assert.Equal(HttpStatusCode.OK, (await Host.Client.PutAsJsonAsync("/v1/templates/order.out_for_delivery", OutForDelivery)).StatusCode);
        var lacking = new { userId = "u1", type = "order.out_for_delivery", data = new { orderId = "o-1" } };
        await (await Host.Client.PostJsonAsync("/v1/notifications", lacking)).ReadProblemAsync(HttpStatusCode.BadRequest);

        await (await Host.CreateClient(Host.ReadKey).DeleteAsync("/v1/templates/order.out_for_delivery")).ReadProblemAsync(HttpStatusCode.Forbidden);
        var deleted = await Host.Client.DeleteAsync("/v1/templates/order.out_for_delivery");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var after = await (await Host.Client.GetAsync("/v1/templates/order.out_for_delivery")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("builtin", after.GetProperty("source").GetString());
        // Its variables are no longer required.
        Assert.Equal(HttpStatusCode.Accepted, (await Host.Client.PostJsonAsync("/v1/notifications", lacking)).StatusCode);
        await (await Host.Client.DeleteAsync("/v1/templates/order.out_for_delivery")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("type", (await (await Host.Client.DeleteAsync("/v1/templates/no.such_type")).ReadProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
    }

    /// <summary>Waits for the host's first load of template variables (until then requests pass unchecked).</summary>
    private static Task TemplatesLoadedAsync(IngestTestHost host)
    {
        var index = host.App.Services.GetRequiredService<TemplateRequirementsIndex>();
        return Eventually.UntilAsync(() => Task.FromResult(index.IsLoaded), IngestTestHost.Deadline, "template variables loaded");
    }
}
