using System.Net;
using System.Net.Sockets;
using Notify.Core.Notifications;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Ingest;

/// <summary>Accepting needs NATS alone: Redis and PostgreSQL outages degrade other things, never ingestion.</summary>
public sealed class DegradedDependencyTests
{
    [Fact]
    public async Task Accepts_while_Redis_is_down_and_still_answers_a_repeat_with_the_same_id()
    {
        await using var host = await IngestTestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = $"127.0.0.1:{ClosedPort()},connectTimeout=200",
        });
        var key = TestNames.Unique("idem");
        var body = new { userId = "u", type = "order.placed" };

        var started = DateTime.UtcNow;
        var first = await (await host.Client.PostJsonAsync("/v1/notifications", body, key)).ReadJsonAsync(HttpStatusCode.Accepted);
        var repeat = await (await host.Client.PostJsonAsync("/v1/notifications", body, key)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(first.Id(), repeat.Id());
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3), "Redis being away must not slow accepting down");
        Assert.NotNull(await host.FindPublishedAsync(Priority.Normal, first.Id()));
    }

    [Fact]
    public async Task Accepts_while_PostgreSQL_is_down_and_reports_storage_reads_as_503()
    {
        await using var host = await IngestTestHost.StartAsync($"Host=127.0.0.1;Port={ClosedPort()};Username=postgres;Database=notifydb;Timeout=1");

        var id = (await (await host.Client.PostJsonAsync("/v1/notifications", new { userId = "u", type = "order.placed" }))
            .ReadJsonAsync(HttpStatusCode.Accepted)).Id();
        var status = await (await host.Client.GetAsync($"/v1/notifications/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        var contacts = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/v1/users/u/contacts")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { email = "ana@example.com" }),
        });

        Assert.Equal("queued", status.GetProperty("status").GetString());
        var problem = await contacts.ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("urn:notify:problem:storage-unavailable", problem.GetProperty("type").GetString());
        await (await host.Client.GetAsync("/v1/users/u/inbox")).ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task Answers_503_until_NATS_is_reachable_then_accepts()
    {
        var port = ClosedPort();
        await using var host = await IngestTestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["ConnectionStrings:nats"] = $"nats://127.0.0.1:{port}",
        }, waitUntilReady: false);
        var body = new { userId = "u", type = "order.placed" };

        var refused = await host.Client.PostJsonAsync("/v1/notifications", body);
        var problem = await refused.ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("urn:notify:problem:queue-unavailable", problem.GetProperty("type").GetString());
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await host.Client.GetAsync("/health")).StatusCode);

        await using var nats = await ServerProcess.StartNatsAsync(port: port);
        await Eventually.UntilAsync(async () => (await host.Client.PostJsonAsync("/v1/notifications", body)).StatusCode == HttpStatusCode.Accepted,
            TimeSpan.FromSeconds(30), "Ingest creates the topology once NATS is up and then accepts");
    }

    [Fact]
    public async Task NATS_going_away_after_start_answers_503_with_Retry_After_and_known_keys_still_authenticate()
    {
        await using var nats = await ServerProcess.StartNatsAsync();
        await using var host = await IngestTestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["ConnectionStrings:nats"] = nats.ConnectionString,
        });
        var body = new { userId = "u", type = "order.placed" };
        await (await host.Client.PostJsonAsync("/v1/notifications", body)).ReadJsonAsync(HttpStatusCode.Accepted);

        await nats.StopAsync();
        var refused = await host.Client.PostJsonAsync("/v1/notifications", body, TestNames.Unique("retry"));

        var problem = await refused.ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("urn:notify:problem:queue-unavailable", problem.GetProperty("type").GetString());
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
