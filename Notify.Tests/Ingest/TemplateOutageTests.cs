using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Notify.Core.Notifications;
using Notify.Core.Storage;
using Notify.Ingest.Templates;

namespace Notify.Tests.Ingest;

/// <summary>Templates never stop accepting: while their variables are unknown, requests pass unchecked.</summary>
public sealed class TemplateOutageTests
{
    [Fact]
    public void Requests_pass_unchecked_until_the_variables_are_known_and_while_a_template_is_unknown()
    {
        var index = new TemplateRequirementsIndex();
        var required = new Dictionary<Channel, IReadOnlyList<string>> { [Channel.Sms] = ["orderId"] };
        index.Set("acme", "order.placed", required);

        var beforeLoad = index.Missing("acme", "order.placed", null, null, null);
        index.ReplaceAll([new TemplateRequirements("acme", "order.placed", required)]);
        var loaded = index.Missing("acme", "order.placed", null, null, null);
        var pushOnly = index.Missing("acme", "order.placed", [Channel.Push], null, null);
        index.MarkUnknown("acme", "order.placed");
        var unknown = index.Missing("acme", "order.placed", null, null, null);

        Assert.Empty(beforeLoad);
        Assert.Equal(["orderId"], loaded);
        Assert.Empty(pushOnly);
        Assert.Empty(unknown);
    }

    [Fact]
    public async Task While_PostgreSQL_is_down_templates_answer_503_and_notifications_are_still_accepted()
    {
        await using var host = await IngestTestHost.StartAsync($"Host=127.0.0.1;Port={ClosedPort()};Username=postgres;Database=notifydb;Timeout=1");

        var put = await host.Client.PutAsJsonAsync("/v1/templates/order.placed", new
        {
            defaultLocale = "en",
            locales = new { en = new { sms = new { body = "Order {{orderId}}" } } },
        });
        var get = await host.Client.GetAsync("/v1/templates/order.placed");
        var send = await host.Client.PostJsonAsync("/v1/notifications", new { userId = "u", type = "order.placed", data = new { } });

        Assert.Equal("urn:notify:problem:storage-unavailable", (await put.ReadProblemAsync(HttpStatusCode.ServiceUnavailable)).GetProperty("type").GetString());
        await get.ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.Accepted, send.StatusCode);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
