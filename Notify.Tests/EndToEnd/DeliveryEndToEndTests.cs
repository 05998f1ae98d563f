using System.Net;
using Notify.Core.Notifications;
using Notify.Ingest.Notifications;
using Notify.Sandbox.Records;
using Notify.Tests.Infrastructure;
using Notify.Tests.Sandbox;

namespace Notify.Tests.EndToEnd;

/// <summary>
/// A notification's whole path through the real processes: HTTP into Ingest, JetStream, a dispatcher, the provider
/// sandbox, and the status back through PostgreSQL to <c>GET /v1/notifications/{id}</c>.
/// </summary>
public sealed class DeliveryEndToEndTests(NotifyStackFixture stack) : IClassFixture<NotifyStackFixture>
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);

    private readonly NotifyApi _api = new(stack.Ingest);
    private readonly SandboxControl _sandbox = new(stack.Sandbox);

    [Fact]
    public async Task Notification_accepted_over_http_arrives_at_the_provider_and_its_status_reads_sent()
    {
        var user = TestNames.Unique("courier_customer");
        var token = TestNames.Unique("device");
        await _api.PutContactsAsync(user, new { phone = "+4915112345678", pushTokens = new[] { token } });

        var (status, accepted) = await _api.SendAsync(new { userId = user, type = "order.out_for_delivery", priority = "critical", data = new { orderId = "o-1001" } });

        Assert.Equal(HttpStatusCode.Accepted, status);
        var pushed = await Eventually.ValueAsync(async () => (await _sandbox.MessagesAsync(user, "push")).SingleOrDefault(),
            Delivery, "the push message at the provider");
        Assert.Equal(token, pushed.To);
        Assert.Contains("o-1001", pushed.Body, StringComparison.Ordinal);
        Assert.Equal($"{accepted.Id:N}-push", pushed.IdempotencyKey);
        var read = await Eventually.ValueAsync(async () => await _api.StatusAsync(accepted.Id) is { Status: "sent" } s ? s : null,
            Delivery, "the status reads sent");
        var push = Assert.Single(read.Deliveries, d => d.Channel == "push");
        Assert.Equal("sent", push.Status);
        Assert.Equal(pushed.Id, push.ProviderMessageId);
        Assert.Equal("critical", read.Priority);
        Assert.Empty(await _sandbox.MessagesAsync(user, "sms"));
    }

    [Fact]
    public async Task Repeated_idempotency_key_returns_the_same_id_and_sends_once()
    {
        var user = TestNames.Unique("repeat_customer");
        await _api.PutContactsAsync(user, new { phone = "+4915112345679" });
        var body = new { userId = user, type = "order.out_for_delivery", channels = new[] { "sms" }, data = new { orderId = "o-2002" } };
        var key = TestNames.Unique("checkout");

        var first = await _api.SendAsync(body, key);
        var second = await _api.SendAsync(body, key);

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(NotificationAccepted.Duplicate, second.Accepted.Status);
        Assert.Equal(first.Accepted.Id, second.Accepted.Id);
        await Eventually.UntilAsync(async () => await _api.StatusAsync(first.Accepted.Id) is { Status: "sent" }, Delivery, "the status reads sent");
        var sms = Assert.Single(await _sandbox.MessagesAsync(user, "sms"));
        Assert.Equal($"{first.Accepted.Id:N}-sms", sms.IdempotencyKey);
        TrafficReport stats = await _sandbox.StatsAsync(user);
        Assert.Equal(1, stats.Total.Accepted);
        Assert.Equal(0, stats.Total.Duplicates);
        Assert.Equal(1, stats.Channels[Channel.Sms].Requests);
    }

    [Fact]
    public async Task A_permanent_failure_reaches_the_dead_letter_list_over_http_and_its_replay_delivers()
    {
        var user = TestNames.Unique("refused_customer");
        await _api.PutContactsAsync(user, new { phone = "+4915112345677" });
        var refusal = await _sandbox.AddFaultAsync(new { channel = "sms", userId = user, statusCode = 400 });

        var (_, accepted) = await _api.SendAsync(new { userId = user, type = "order.out_for_delivery", channels = new[] { "sms" }, data = new { orderId = "o-3003" } });

        var dead = await Eventually.ValueAsync(async () => (await _api.DeadLettersAsync()).Items.SingleOrDefault(d => d.NotificationId == accepted.Id),
            Delivery, "the permanent failure in the dead-letter list");
        Assert.Equal((user, "order.out_for_delivery", "permanent_failure"), (dead.UserId, dead.Type, dead.Reason));
        Assert.Contains("400", dead.Error, StringComparison.Ordinal);
        await Eventually.UntilAsync(async () => await _api.StatusAsync(accepted.Id) is { Status: "dead" }, Delivery, "the status reads dead");
        Assert.Empty(await _sandbox.MessagesAsync(user, "sms"));

        await _sandbox.RemoveFaultAsync(refusal.Id);
        var replayed = await _api.ReplayAsync(dead.Id);

        Assert.Equal((accepted.Id, 1), (replayed.NotificationId, replayed.Replay));
        var sms = await Eventually.ValueAsync(async () => (await _sandbox.MessagesAsync(user, "sms")).SingleOrDefault(), Delivery, "the replay at the provider");
        Assert.Equal($"{accepted.Id:N}-sms", sms.IdempotencyKey);
        await Eventually.UntilAsync(async () => await _api.StatusAsync(accepted.Id) is { Status: "sent" }, Delivery, "the status reads sent");
        Assert.Equal(1, (await _sandbox.StatsAsync(user)).Total.Accepted);
    }
}
