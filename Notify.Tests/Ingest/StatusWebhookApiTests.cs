using System.Net;
using System.Net.Http.Json;
using Notify.Core.Storage;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Ingest;

/// <summary>Registering the tenant's status webhook (delivery receipts).</summary>
public sealed class StatusWebhookApiTests(PostgresDatabaseFixture database) : IngestDatabaseTest(database)
{
    [Fact]
    public async Task A_registered_webhook_gets_a_generated_secret_shown_once_and_can_be_removed()
    {
        var put = await (await Host.Client.PutAsJsonAsync("/v1/webhooks/status", new { url = "https://hooks.example.com/receipts" }))
            .ReadJsonAsync(HttpStatusCode.OK);
        var get = await (await Host.Client.GetAsync("/v1/webhooks/status")).ReadJsonAsync(HttpStatusCode.OK);

        var secret = put.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret[6..]).Length);
        Assert.Equal("https://hooks.example.com/receipts", get.GetProperty("url").GetString());
        Assert.False(get.TryGetProperty("secret", out _));
        Assert.Equal(secret, (await new StatusWebhookStore(Db).GetAsync(Host.Tenant))!.Secret);

        Assert.Equal(HttpStatusCode.NoContent, (await Host.Client.DeleteAsync("/v1/webhooks/status")).StatusCode);
        await (await Host.Client.GetAsync("/v1/webhooks/status")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_bad_url_or_secret_is_refused_naming_the_field_and_the_send_scope_may_not_register()
    {
        var invalid = await (await Host.Client.PutAsJsonAsync("/v1/webhooks/status", new { url = "ftp://hooks.example.com", secret = "whsec_short" }))
            .ReadProblemAsync(HttpStatusCode.BadRequest);
        var sender = Host.CreateClient(Host.SendKey);
        var forbidden = await sender.PutAsJsonAsync("/v1/webhooks/status", new { url = "https://hooks.example.com/receipts" });

        Assert.Equal(["secret", "url"], invalid.ErrorFields().Order());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Null(await new StatusWebhookStore(Db).GetAsync(Host.Tenant));
    }
}
