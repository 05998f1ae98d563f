using System.Text.Json;
using Notify.Core.Storage;

namespace Notify.Tests.Storage;

public sealed class InboxStoreTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>
{
    private readonly InboxStore _store = new(database.DataSource);

    [Fact]
    public async Task Adding_the_same_notification_twice_keeps_one_message()
    {
        InboxMessage message = Message("acme", "ana", StatusEvents.At(0));
        InboxMessage redelivered = message with { Id = Guid.CreateVersion7(), CreatedAt = StatusEvents.At(30) };

        Assert.True(await _store.AddAsync(message));
        Assert.False(await _store.AddAsync(redelivered));

        InboxMessage stored = Assert.Single((await _store.ListAsync("acme", "ana")).Items);
        Assert.Equal((message.Id, message.Title, message.Body, message.CreatedAt), (stored.Id, stored.Title, stored.Body, stored.CreatedAt));
        Assert.Equal("12:30", stored.Data!.Value.GetProperty("eta").GetString());
        Assert.Null(stored.ReadAt);
    }

    [Fact]
    public async Task The_inbox_lists_newest_first_in_pages()
    {
        InboxMessage[] messages = [.. Enumerable.Range(0, 5).Select(i => Message("acme", "ben", StatusEvents.At(i)))];
        foreach (InboxMessage message in messages)
        {
            await _store.AddAsync(message);
        }

        await _store.AddAsync(Message("acme", "someone-else", StatusEvents.At(10)));

        Page<InboxMessage> first = await _store.ListAsync("acme", "ben", limit: 2);
        Page<InboxMessage> second = await _store.ListAsync("acme", "ben", limit: 2, after: first.Next);
        Page<InboxMessage> last = await _store.ListAsync("acme", "ben", limit: 2, after: second.Next);

        Assert.Equal(messages.Reverse().Select(m => m.Id), first.Items.Concat(second.Items).Concat(last.Items).Select(m => m.Id));
        Assert.NotNull(second.Next);
        Assert.Null(last.Next);
    }

    [Fact]
    public async Task Marking_read_keeps_the_first_read_time_and_only_for_the_owner()
    {
        InboxMessage message = Message("acme", "carla", StatusEvents.At(0));
        await _store.AddAsync(message);

        Assert.False(await _store.MarkReadAsync("acme", "mallory", message.Id));
        Assert.True(await _store.MarkReadAsync("acme", "carla", message.Id));
        DateTimeOffset? firstRead = (await _store.ListAsync("acme", "carla")).Items[0].ReadAt;
        Assert.True(await _store.MarkReadAsync("acme", "carla", message.Id));

        Assert.NotNull(firstRead);
        Assert.Equal(firstRead, (await _store.ListAsync("acme", "carla")).Items[0].ReadAt);
        Assert.False(await _store.MarkReadAsync("acme", "carla", Guid.CreateVersion7()));
    }

    private static InboxMessage Message(string tenant, string userId, DateTimeOffset at) =>
        new(Guid.CreateVersion7(), tenant, userId, Guid.CreateVersion7(), "order.out_for_delivery", "On its way", "Your order arrives at 12:30", at)
        {
            Data = JsonDocument.Parse("""{"eta":"12:30"}""").RootElement,
        };
}
