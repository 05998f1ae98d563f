using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Notify.Core.Notifications;
using Notify.Core.Status;
using Notify.Core.Storage;
using NATS.Client.KeyValueStore;
using Notify.Tests.Infrastructure;
using Npgsql;

namespace Notify.Tests.Ingest;

/// <summary><c>GET</c> and <c>DELETE /v1/notifications/{id}</c>: queued in the stream, then as PostgreSQL records it.</summary>
public sealed class NotificationStatusTests(PostgresDatabaseFixture database) : IngestDatabaseTest(database)
{
    private readonly string _otherTenant = TestNames.Unique("other");

    private string OtherTenantKey => $"test-key-{_otherTenant}-all";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Notify:ApiKeys:Bootstrap:3:Key"] = OtherTenantKey,
        ["Notify:ApiKeys:Bootstrap:3:Tenant"] = _otherTenant,
        ["Notify:ApiKeys:Bootstrap:3:Scopes:0"] = "send,read,admin",
    };

    [Fact]
    public async Task Notification_not_yet_recorded_is_queued_while_it_waits_in_its_stream()
    {
        var id = await SendAsync("order.ready_for_pickup");

        var status = await (await Host.Client.GetAsync($"/v1/notifications/{id}")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("queued", status.GetProperty("status").GetString());
        Assert.Equal(("high", "order.ready_for_pickup", "user-7"),
            (status.GetProperty("priority").GetString(), status.GetProperty("type").GetString(), status.GetProperty("userId").GetString()));
        Assert.Empty(status.GetProperty("deliveries").EnumerateArray());
    }

    [Fact]
    public async Task Status_comes_from_PostgreSQL_once_a_status_writer_has_recorded_it()
    {
        var id = await SendAsync("order.delivered");
        var envelope = (await Host.FindPublishedAsync(Priority.High, id))!.Envelope();
        var at = DateTimeOffset.UtcNow;
        await new StatusWriter(Db, NullLogger<StatusWriter>.Instance).WriteBatchAsync(
        [
            new StatusEvent(id, Host.Tenant, StatusKind.Accepted, at) { Envelope = envelope },
            new StatusEvent(id, Host.Tenant, StatusKind.Retrying, at.AddMilliseconds(10)) { Channel = Channel.Push, Attempt = 1, Error = "503 from fcm" },
            new StatusEvent(id, Host.Tenant, StatusKind.Sent, at.AddMilliseconds(20)) { Channel = Channel.Push, Attempt = 2, Provider = "fcm", ProviderMessageId = "fcm-42" },
        ]);

        var status = await (await Host.Client.GetAsync($"/v1/notifications/{id}")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("sent", status.GetProperty("status").GetString());
        var push = Assert.Single(status.GetProperty("deliveries").EnumerateArray());
        Assert.Equal(("push", "sent", 2, "fcm-42", "503 from fcm"), (push.GetProperty("channel").GetString(), push.GetProperty("status").GetString(),
            push.GetProperty("attempts").GetInt32(), push.GetProperty("providerMessageId").GetString(), push.GetProperty("lastError").GetString()));
        Assert.Contains("sent", status.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task Another_tenants_notification_is_not_found()
    {
        var id = await SendAsync("order.placed");
        var other = Host.CreateClient(OtherTenantKey);

        await (await other.GetAsync($"/v1/notifications/{id}")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await other.DeleteAsync($"/v1/notifications/{id}")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await Host.Client.GetAsync($"/v1/notifications/{id}")).ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Unknown_notification_is_a_404_problem()
    {
        var problem = await (await Host.Client.GetAsync($"/v1/notifications/{Guid.CreateVersion7()}")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await Host.Client.GetAsync("/v1/notifications/not-a-guid")).ReadProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal("urn:notify:problem:not-found", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Pending_notification_can_be_cancelled_but_a_sent_one_cannot()
    {
        var pending = await SendAsync("order.placed");
        var sent = await SendAsync("order.placed");
        var at = DateTimeOffset.UtcNow;
        await new StatusWriter(Db, NullLogger<StatusWriter>.Instance).WriteBatchAsync(
        [
            new StatusEvent(pending, Host.Tenant, StatusKind.Accepted, at) { Envelope = (await Host.FindPublishedAsync(Priority.Normal, pending))!.Envelope() },
            new StatusEvent(sent, Host.Tenant, StatusKind.Accepted, at) { Envelope = (await Host.FindPublishedAsync(Priority.Normal, sent))!.Envelope() },
            new StatusEvent(sent, Host.Tenant, StatusKind.Sent, at.AddMilliseconds(5)) { Channel = Channel.Email, Attempt = 1, Provider = "smtp" },
        ]);

        var cancelled = await (await Host.Client.DeleteAsync($"/v1/notifications/{pending}")).ReadJsonAsync(HttpStatusCode.OK);
        var tooLate = await (await Host.Client.DeleteAsync($"/v1/notifications/{sent}")).ReadProblemAsync(HttpStatusCode.Conflict);
        var status = await (await Host.Client.GetAsync($"/v1/notifications/{pending}")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("urn:notify:problem:conflict", tooLate.GetProperty("type").GetString());
        Assert.Equal("cancelled", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Notification_still_queued_is_cancelled_through_the_bucket_the_dispatchers_watch()
    {
        var id = await SendAsync("order.placed");

        var cancelled = await (await Host.Client.DeleteAsync($"/v1/notifications/{id}")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        var bucket = await new NatsKVContext(Host.JetStream).GetStoreAsync(Cancellations.Bucket);
        Assert.True((await bucket.TryGetEntryAsync<string>(id.ToString("N"))).Success);
    }

    private async Task<Guid> SendAsync(string type) =>
        (await (await Host.Client.PostJsonAsync("/v1/notifications", new { userId = "user-7", type })).ReadJsonAsync(HttpStatusCode.Accepted)).Id();
}
