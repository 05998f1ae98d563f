using System.Text.Json;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Core.Storage;

namespace Notify.Tests.Storage;

public sealed class DeadLetterStoreTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>
{
    private readonly DeadLetterStore _store = new(database.DataSource);

    [Fact]
    public async Task Recording_the_same_stream_message_twice_keeps_one_dead_letter()
    {
        DeadLetter first = Letter("acme", Priority.Critical, seq: 41, StatusEvents.At(0));
        DeadLetter again = first with { Id = Guid.CreateVersion7(), CreatedAt = StatusEvents.At(5) };
        DeadLetter otherChannel = first with { Id = Guid.CreateVersion7(), Channel = Channel.Sms };

        Assert.True(await _store.RecordAsync(first));
        Assert.False(await _store.RecordAsync(again));
        Assert.True(await _store.RecordAsync(otherChannel));

        Assert.Equal(2, await StoredRows.CountAsync(database.DataSource, "SELECT count(*) FROM dead_letters WHERE stream_seq = 41 AND tenant = 'acme'"));
        DeadLetter stored = (await _store.GetAsync("acme", first.Id))!;
        Assert.Equal((first.NotificationId, Channel.Push, "provider rejected the token", 5), (stored.NotificationId, stored.Channel, stored.Error, stored.Deliveries));
        Assert.Equal(Json(first.Envelope), Json(stored.Envelope));
        Assert.Null(await _store.GetAsync("acme", again.Id));
    }

    [Fact]
    public async Task Dead_letters_list_newest_first_per_tenant_filtered_by_priority_in_pages()
    {
        string tenant = "dlq-" + Guid.NewGuid().ToString("N");
        DeadLetter[] letters = [.. Enumerable.Range(1, 9).Select(i => Letter(tenant, i % 3 == 0 ? Priority.Low : Priority.Critical, seq: 1000 + i, StatusEvents.At(i)))];
        foreach (DeadLetter letter in letters)
        {
            await _store.RecordAsync(letter);
        }

        await _store.RecordAsync(Letter("someone-else", Priority.Critical, seq: 7, StatusEvents.At(100)));

        Page<DeadLetter> first = await _store.ListAsync(tenant, limit: 4);
        Page<DeadLetter> second = await _store.ListAsync(tenant, limit: 4, after: first.Next);
        Page<DeadLetter> third = await _store.ListAsync(tenant, limit: 4, after: second.Next);
        Assert.Equal(letters.Reverse().Select(l => l.Id), first.Items.Concat(second.Items).Concat(third.Items).Select(l => l.Id));
        Assert.Null(third.Next);

        Page<DeadLetter> low = await _store.ListAsync(tenant, Priority.Low, limit: 2);
        Page<DeadLetter> lowRest = await _store.ListAsync(tenant, Priority.Low, limit: 2, after: low.Next);
        Assert.Equal([9, 6, 3], low.Items.Concat(lowRest.Items).Select(l => (int)(l.StreamSeq - 1000)));
        Assert.Null(lowRest.Next);
    }

    [Fact]
    public async Task Marking_a_dead_letter_replayed_counts_each_replay()
    {
        DeadLetter letter = Letter("acme", Priority.High, seq: 77, StatusEvents.At(0));
        await _store.RecordAsync(letter);

        DeadLetter? once = await _store.MarkReplayedAsync("acme", letter.Id);
        DeadLetter? twice = await _store.MarkReplayedAsync("acme", letter.Id);

        Assert.Equal(1, once!.ReplayCount);
        Assert.NotNull(once.ReplayedAt);
        Assert.Equal(2, twice!.ReplayCount);
        Assert.True(twice.ReplayedAt >= once.ReplayedAt);
        Assert.Null(await _store.MarkReplayedAsync("globex", letter.Id));
        Assert.Equal(2, (await _store.GetAsync("acme", letter.Id))!.ReplayCount);
    }

    private static string Json(NotificationEnvelope envelope) => JsonSerializer.Serialize(envelope, NotifyJson.Default.NotificationEnvelope);

    private static DeadLetter Letter(string tenant, Priority priority, long seq, DateTimeOffset at)
    {
        var events = new StatusEvents(tenant);
        return new DeadLetter(Guid.CreateVersion7(), events.Envelope with { Priority = priority }, "max deliveries reached", 5,
            Subjects.Stream(priority), seq, at)
        {
            Channel = Channel.Push,
            Error = "provider rejected the token",
        };
    }
}
