using System.Net;
using Notify.Core.Notifications;
using Notify.Ingest.Notifications;
using Notify.Tests.Infrastructure;
using StackExchange.Redis;

namespace Notify.Tests.Ingest;

/// <summary>What <c>POST /v1/notifications</c> promises: durable before 202, and each Idempotency-Key published once.</summary>
public sealed class NotificationAcceptanceTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private IngestTestHost _host = null!;

    public async Task InitializeAsync() => _host = await IngestTestHost.StartAsync(database.ConnectionString);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Accepted_notification_is_in_its_priority_stream_with_its_id_as_Nats_Msg_Id()
    {
        var response = await _host.Client.PostJsonAsync("/v1/notifications", new
        {
            userId = "user-1",
            type = "order.out_for_delivery",
            channels = new[] { "push", "sms" },
            routing = "all",
            data = new { eta = 5, courier = "Ana" },
        });

        var accepted = await response.ReadJsonAsync(HttpStatusCode.Accepted);
        Assert.Equal("accepted", accepted.GetProperty("status").GetString());
        var id = accepted.Id();
        Assert.Equal($"/v1/notifications/{id}", response.Headers.Location?.OriginalString);

        var message = await _host.FindPublishedAsync(Priority.Critical, id);
        Assert.NotNull(message);
        Assert.Equal(id.ToString(), message.Headers()["Nats-Msg-Id"]);
        var envelope = message.Envelope();
        Assert.Equal((id, _host.Tenant, "user-1", "order.out_for_delivery", Priority.Critical), (envelope.Id, envelope.Tenant, envelope.UserId, envelope.Type, envelope.Priority));
        Assert.Equal([Channel.Push, Channel.Sms], envelope.Channels);
        Assert.Equal(Routing.All, envelope.Routing);
        Assert.Equal("Ana", envelope.Data!.Value.GetProperty("courier").GetString());
    }

    [Fact]
    public async Task Priority_comes_from_the_type_unless_the_request_names_one()
    {
        var promotional = (await (await _host.Client.PostJsonAsync("/v1/notifications", new { userId = "u", type = "promo.weekend" }))
            .ReadJsonAsync(HttpStatusCode.Accepted)).Id();
        var raised = (await (await _host.Client.PostJsonAsync("/v1/notifications", new { userId = "u", type = "promo.weekend", priority = "high" }))
            .ReadJsonAsync(HttpStatusCode.Accepted)).Id();

        Assert.Null((await _host.FindPublishedAsync(Priority.Low, promotional))!.Envelope().Routing); // left to the user's preferences and the type
        Assert.NotNull(await _host.FindPublishedAsync(Priority.Low, promotional));
        Assert.NotNull(await _host.FindPublishedAsync(Priority.High, raised));
        Assert.Null(await _host.FindPublishedAsync(Priority.Low, raised));
    }

    [Fact]
    public async Task Repeated_idempotency_key_answers_200_with_the_same_id_and_publishes_once()
    {
        var key = TestNames.Unique("idem");
        var body = new { userId = "user-2", type = "order.delivered" };

        var first = await (await _host.Client.PostJsonAsync("/v1/notifications", body, key)).ReadJsonAsync(HttpStatusCode.Accepted);
        var stored = await _host.FindPublishedAsync(Priority.High, first.Id());
        var repeat = await (await _host.Client.PostJsonAsync("/v1/notifications", body, key)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(first.Id(), repeat.Id());
        Assert.Equal(NotificationIds.FromIdempotencyKey(_host.Tenant, key), first.Id());
        Assert.Equal("duplicate", repeat.GetProperty("status").GetString());
        Assert.Equal(stored!.Seq, (await _host.FindPublishedAsync(Priority.High, first.Id()))!.Seq);
    }

    [Fact]
    public async Task Idempotency_key_is_recorded_in_Redis_for_a_day()
    {
        var key = TestNames.Unique("idem");
        var id = (await (await _host.Client.PostJsonAsync("/v1/notifications", new { userId = "u", type = "order.placed" }, key))
            .ReadJsonAsync(HttpStatusCode.Accepted)).Id();

        await using var redis = await ConnectionMultiplexer.ConnectAsync(_host.Servers.Redis);
        var recorded = (string?)await redis.GetDatabase().StringGetAsync(IdempotencyRecords.RedisKey(_host.Tenant, key));
        var ttl = await redis.GetDatabase().KeyTimeToLiveAsync(IdempotencyRecords.RedisKey(_host.Tenant, key));

        Assert.Equal(id.ToString(), recorded);
        Assert.InRange(ttl!.Value, TimeSpan.FromHours(23), TimeSpan.FromHours(24));
    }

    [Fact]
    public async Task Redis_record_answers_a_repeat_after_the_duplicate_window_without_publishing()
    {
        // A record whose publish is long gone from JetStream's duplicate window: only Redis can know the key.
        var key = TestNames.Unique("old");
        var original = Guid.CreateVersion7();
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(_host.Servers.Redis))
            await redis.GetDatabase().StringSetAsync(IdempotencyRecords.RedisKey(_host.Tenant, key), original.ToString(), TimeSpan.FromHours(1));

        var repeat = await (await _host.Client.PostJsonAsync("/v1/notifications", new { userId = "u", type = "order.placed" }, key))
            .ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(original, repeat.Id());
        Assert.Null(await _host.FindPublishedAsync(Priority.Normal, NotificationIds.FromIdempotencyKey(_host.Tenant, key)));
    }

    [Fact]
    public async Task Batch_accepts_valid_items_and_rejects_invalid_ones_naming_their_fields()
    {
        var key = TestNames.Unique("batch");
        var response = await _host.Client.PostJsonAsync("/v1/notifications/batch", new
        {
            items = new object[]
            {
                new { userId = "a", type = "order.placed" },
                new { userId = "b", type = "no.such.type" },
                new { userId = "c", type = "promo.sale", idempotencyKey = key },
                new { type = "order.placed", channels = new[] { "pigeon" } },
                new { userId = "e", type = "order.placed", surprise = true },
                new { userId = "f", type = "promo.sale", idempotencyKey = key },
            },
        });

        var batch = await response.ReadJsonAsync(HttpStatusCode.OK);
        var items = batch.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["accepted", "rejected", "accepted", "rejected", "rejected", "duplicate"], items.Select(i => i.GetProperty("status").GetString()));
        Assert.Equal([0, 1, 2, 3, 4, 5], items.Select(i => i.GetProperty("index").GetInt32()));
        Assert.Equal((2, 1, 3), (batch.GetProperty("accepted").GetInt32(), batch.GetProperty("duplicates").GetInt32(), batch.GetProperty("rejected").GetInt32()));
        Assert.Equal(["type"], items[1].ErrorFields());
        Assert.Equal(["userId", "channels"], items[3].ErrorFields());
        Assert.Equal(["surprise"], items[4].ErrorFields());
        Assert.Equal(items[2].Id(), items[5].Id());
        Assert.NotNull(await _host.FindPublishedAsync(Priority.Normal, items[0].Id()));
        Assert.NotNull(await _host.FindPublishedAsync(Priority.Low, items[2].Id()));
    }

    [Fact]
    public async Task Order_event_becomes_its_mapped_notification_with_the_order_as_collapse_key()
    {
        var orderId = TestNames.Unique("order");
        var response = await _host.Client.PostJsonAsync("/v1/events/orders",
            new { orderId, userId = "customer-9", status = "OUT_FOR_DELIVERY", data = new { eta = 12 } });

        var id = (await response.ReadJsonAsync(HttpStatusCode.Accepted)).Id();
        var envelope = (await _host.FindPublishedAsync(Priority.Critical, id))!.Envelope();
        Assert.Equal(("order.out_for_delivery", "customer-9", orderId, orderId), (envelope.Type, envelope.UserId, envelope.CollapseKey, envelope.OrderId));
        Assert.Equal(12, envelope.Data!.Value.GetProperty("eta").GetInt32());
    }

    [Fact]
    public async Task Repeated_order_event_notifies_once_without_an_idempotency_key()
    {
        var orderId = TestNames.Unique("order");
        var preparing = new { orderId, userId = "customer-1", status = "PREPARING" };

        var first = await (await _host.Client.PostJsonAsync("/v1/events/orders", preparing)).ReadJsonAsync(HttpStatusCode.Accepted);
        var repeat = await (await _host.Client.PostJsonAsync("/v1/events/orders", preparing)).ReadJsonAsync(HttpStatusCode.OK);
        var next = await (await _host.Client.PostJsonAsync("/v1/events/orders", preparing with { status = "READY_FOR_PICKUP" }))
            .ReadJsonAsync(HttpStatusCode.Accepted);

        Assert.Equal(first.Id(), repeat.Id());
        Assert.NotEqual(first.Id(), next.Id());
        Assert.NotNull(await _host.FindPublishedAsync(Priority.Normal, first.Id()));
        Assert.NotNull(await _host.FindPublishedAsync(Priority.High, next.Id()));
    }

    [Fact]
    public async Task Order_event_honours_the_idempotency_key_it_is_given()
    {
        var key = TestNames.Unique("evt");
        var id = (await (await _host.Client.PostJsonAsync("/v1/events/orders",
            new { orderId = TestNames.Unique("order"), userId = "c", status = "DELIVERED" }, key)).ReadJsonAsync(HttpStatusCode.Accepted)).Id();

        Assert.Equal(NotificationIds.FromIdempotencyKey(_host.Tenant, key), id);
    }
}
