using Notify.Nats;
using Notify.Nats.JetStream;
using Notify.Nats.JetStream.KeyValue;
using Notify.Nats.JetStream.Models;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Nats.JetStream;

public sealed class KeyValueTests : IAsyncLifetime
{
    private NatsConnection? _connection;
    private NatsKVContext? _kv;
    private NatsKVStore? _store;

    private NatsKVContext Kv => _kv!;

    private NatsKVStore Store => _store!;

    public async Task InitializeAsync()
    {
        _connection = await SharedNats.ConnectAsync();
        _kv = new NatsKVContext(new NatsJSContext(_connection));
        _store = await _kv.CreateOrUpdateStoreAsync(new NatsKVConfig(TestNames.Unique("kv")) { Storage = StreamConfigStorage.Memory, History = 5 });
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await Kv.DeleteStoreAsync(_store.Bucket);
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task Put_value_is_read_back_with_its_revision()
    {
        ulong revision = await Store.PutAsync("user.42.email", "ada@example.org".Utf8());

        NatsKVEntry entry = await Store.GetEntryAsync("user.42.email");

        Assert.Equal("ada@example.org", entry.Value.ToArray().AsText());
        Assert.Equal(revision, entry.Revision);
        Assert.Equal("user.42.email", entry.Key);
        Assert.Equal(Store.Bucket, entry.Bucket);
        Assert.Equal(NatsKVOperation.Put, entry.Operation);
    }

    [Fact]
    public async Task Put_again_replaces_the_value_with_a_higher_revision()
    {
        ulong first = await Store.PutAsync("k", "1".Utf8());

        ulong second = await Store.PutAsync("k", "2".Utf8());

        Assert.True(second > first);
        NatsKVEntry entry = await Store.GetEntryAsync("k");
        Assert.Equal("2", entry.Value.ToArray().AsText());
        Assert.Equal(second, entry.Revision);
    }

    [Fact]
    public async Task Missing_key_is_not_found()
    {
        await Assert.ThrowsAsync<NatsKVKeyNotFoundException>(async () => await Store.GetEntryAsync("never.put"));
        Assert.Null(await Store.TryGetEntryAsync("never.put"));
    }

    [Fact]
    public async Task Deleted_key_has_no_value()
    {
        await Store.PutAsync("k", "1".Utf8());

        await Store.DeleteAsync("k");

        await Assert.ThrowsAsync<NatsKVKeyNotFoundException>(async () => await Store.GetEntryAsync("k"));
        Assert.Null(await Store.TryGetEntryAsync("k"));
    }

    [Fact]
    public async Task Update_at_the_expected_revision_succeeds_and_at_a_stale_one_is_refused()
    {
        ulong revision = await Store.PutAsync("counter", "1".Utf8());

        ulong updated = await Store.UpdateAsync("counter", "2".Utf8(), revision);

        await Assert.ThrowsAsync<NatsKVWrongLastRevisionException>(async () => await Store.UpdateAsync("counter", "3".Utf8(), revision));
        NatsKVEntry entry = await Store.GetEntryAsync("counter");
        Assert.Equal("2", entry.Value.ToArray().AsText());
        Assert.Equal(updated, entry.Revision);
    }

    [Fact]
    public async Task Create_refuses_a_key_that_has_a_value_and_accepts_one_that_was_deleted()
    {
        await Store.CreateAsync("lock", "owner-a".Utf8());

        await Assert.ThrowsAsync<NatsKVWrongLastRevisionException>(async () => await Store.CreateAsync("lock", "owner-b".Utf8()));
        await Store.DeleteAsync("lock");
        await Store.CreateAsync("lock", "owner-c".Utf8());

        Assert.Equal("owner-c", (await Store.GetEntryAsync("lock")).Value.ToArray().AsText());
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData(".leading")]
    [InlineData("trailing.")]
    [InlineData("wild.*")]
    [InlineData("wild.>")]
    public async Task Invalid_key_is_refused(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.PutAsync(key, "x".Utf8()));
    }

    [Fact]
    public async Task Invalid_bucket_name_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await Kv.CreateOrUpdateStoreAsync(new NatsKVConfig("no.dots")));
    }

    [Fact]
    public async Task Existing_bucket_is_opened_and_a_missing_one_is_not_found()
    {
        await Store.PutAsync("k", "v".Utf8());

        NatsKVStore opened = await Kv.GetStoreAsync(Store.Bucket);

        Assert.Equal("v", (await opened.GetEntryAsync("k")).Value.ToArray().AsText());
        var error = await Assert.ThrowsAsync<NatsJSApiException>(async () => await Kv.GetStoreAsync(Store.Bucket + "_missing"));
        Assert.Equal(10059, error.Error.ErrCode);
    }

    [Fact]
    public async Task Watch_yields_the_latest_value_of_each_key_then_every_change_in_order()
    {
        await Store.PutAsync("a", "a1".Utf8());
        await Store.PutAsync("b", "b1".Utf8());
        await Store.PutAsync("a", "a2".Utf8());
        await using IAsyncEnumerator<NatsKVEntry> watch = Store.WatchAsync(cancellationToken: SharedNats.DeadlineToken()).GetAsyncEnumerator();

        var initial = new List<NatsKVEntry> { await NextAsync(watch), await NextAsync(watch) };
        await Store.PutAsync("c", "c1".Utf8());
        await Store.DeleteAsync("a");
        NatsKVEntry put = await NextAsync(watch);
        NatsKVEntry deleted = await NextAsync(watch);

        Assert.Equal([("b", "b1", 2UL), ("a", "a2", 3UL)], initial.Select(e => (e.Key, e.Value.ToArray().AsText(), e.Revision)));
        Assert.Equal(("c", "c1", NatsKVOperation.Put), (put.Key, put.Value.ToArray().AsText(), put.Operation));
        Assert.Equal(("a", NatsKVOperation.Del), (deleted.Key, deleted.Operation));
        Assert.True(deleted.Revision > put.Revision);
    }

    [Fact]
    public async Task Watch_of_one_key_sees_only_that_key()
    {
        await using IAsyncEnumerator<NatsKVEntry> watch = Store.WatchAsync("orders.*", SharedNats.DeadlineToken()).GetAsyncEnumerator();
        ValueTask<bool> first = watch.MoveNextAsync();

        await Store.PutAsync("users.1", "u".Utf8());
        await Store.PutAsync("orders.1", "o".Utf8());

        Assert.True(await first);
        Assert.Equal("orders.1", watch.Current.Key);
    }

    private static async Task<NatsKVEntry> NextAsync(IAsyncEnumerator<NatsKVEntry> watch)
    {
        Assert.True(await watch.MoveNextAsync(), "the watch ended");
        return watch.Current;
    }
}
