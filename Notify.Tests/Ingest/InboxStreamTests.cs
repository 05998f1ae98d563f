using System.Net;
using System.Text.Json;
using Notify.Core.Messaging;
using Notify.Core.Storage;
using Notify.Ingest.Inbox;
using Notify.Tests.Infrastructure;
using Npgsql;

namespace Notify.Tests.Ingest;

/// <summary>The in-app inbox: paged from PostgreSQL, and live as server-sent events.</summary>
public sealed class InboxStreamTests(PostgresDatabaseFixture database) : IngestDatabaseTest(database)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Notify:Inbox:HeartbeatInterval"] = "00:00:00.300",
    };

    [Fact]
    public async Task Stream_forwards_a_message_announced_on_the_users_live_subject()
    {
        var userId = TestNames.Unique("user");
        await using var stream = await SseReader.OpenAsync(Host.Client, $"/v1/users/{userId}/inbox/stream");
        var message = Message(userId, "Your order is on its way", DateTimeOffset.UtcNow);

        await Host.Nats.PublishAsync(Subjects.InAppLive(Host.Tenant, userId), JsonSerializer.SerializeToUtf8Bytes(message, NotifyJson.Default.InboxMessage));

        var received = await stream.NextEventAsync();
        Assert.Equal("inbox", received.Event);
        Assert.Equal(InboxEventIds.Of(message), received.Id);
        Assert.Equal("Your order is on its way", JsonDocument.Parse(received.Data).RootElement.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Stream_sends_heartbeat_comments_while_quiet()
    {
        await using var stream = await SseReader.OpenAsync(Host.Client, $"/v1/users/{TestNames.Unique("user")}/inbox/stream");

        Assert.Equal("heartbeat", await stream.NextCommentAsync());
    }

    [Fact]
    public async Task Reconnecting_with_Last_Event_ID_replays_the_messages_missed_oldest_first()
    {
        var userId = TestNames.Unique("user");
        var inbox = new InboxStore(Db);
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        var seen = Message(userId, "placed", start);
        await inbox.AddAsync(seen);
        await inbox.AddAsync(Message(userId, "preparing", start.AddMinutes(1)));
        await inbox.AddAsync(Message(userId, "on its way", start.AddMinutes(2)));

        await using var stream = await SseReader.OpenAsync(Host.Client, $"/v1/users/{userId}/inbox/stream", InboxEventIds.Of(seen));

        Assert.Equal("preparing", Body(await stream.NextEventAsync()));
        Assert.Equal("on its way", Body(await stream.NextEventAsync()));
    }

    [Fact]
    public async Task Inbox_lists_messages_newest_first_in_pages()
    {
        var userId = TestNames.Unique("user");
        var inbox = new InboxStore(Db);
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        for (var i = 0; i < 3; i++)
            await inbox.AddAsync(Message(userId, $"message {i}", start.AddMinutes(i)));

        var first = await (await Host.Client.GetAsync($"/v1/users/{userId}/inbox?limit=2")).ReadJsonAsync(HttpStatusCode.OK);
        var next = first.GetProperty("next").GetString();
        var second = await (await Host.Client.GetAsync($"/v1/users/{userId}/inbox?limit=2&after={next}")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(["message 2", "message 1"], first.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("body").GetString()));
        Assert.Equal(["message 0"], second.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("body").GetString()));
        Assert.False(second.TryGetProperty("next", out _));
    }

    private InboxMessage Message(string userId, string body, DateTimeOffset at) =>
        new(Guid.CreateVersion7(), Host.Tenant, userId, Guid.CreateVersion7(), "order.out_for_delivery", "Order update", body, at);

    private static string? Body(SseEvent e) => JsonDocument.Parse(e.Data).RootElement.GetProperty("body").GetString();
}
