using System.Text;
using Notify.Core.Redis;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Redis;

public sealed class StringCommandTests
{
    [Fact]
    public async Task Set_then_get_round_trips_text_and_bytes()
    {
        await using RedisConnection redis = await SharedRedis.ConnectAsync();
        string key = TestNames.Unique("str");
        byte[] binary = new byte[100_000];
        new Random(7).NextBytes(binary);

        Assert.True(await redis.StringSetAsync(key, "commande prête ✓"));
        Assert.Equal("commande prête ✓", await redis.StringGetAsync(key));
        Assert.True(await redis.StringSetAsync(key, ""));
        Assert.Equal("", await redis.StringGetAsync(key));
        Assert.True(await redis.StringSetAsync(key, binary.AsMemory()));
        Assert.Equal(binary, await redis.StringGetBytesAsync(key));
    }

    [Fact]
    public async Task Missing_key_reads_as_null()
    {
        await using RedisConnection redis = await SharedRedis.ConnectAsync();

        Assert.Null(await redis.StringGetAsync(TestNames.Unique("missing")));
        Assert.Null(await redis.StringGetBytesAsync(TestNames.Unique("missing")));
    }

    [Fact]
    public async Task Set_when_not_exists_writes_only_the_first_time()
    {
        await using RedisConnection redis = await SharedRedis.ConnectAsync();
        string key = TestNames.Unique("nx");

        Assert.True(await redis.StringSetAsync(key, "first", when: When.NotExists));
        Assert.False(await redis.StringSetAsync(key, "second", when: When.NotExists));
        Assert.Equal("first", await redis.StringGetAsync(key));
    }

    [Fact]
    public async Task Set_when_exists_writes_only_over_an_existing_key()
    {
        await using RedisConnection redis = await SharedRedis.ConnectAsync();
        string key = TestNames.Unique("xx");

        Assert.False(await redis.StringSetAsync(key, "nobody", when: When.Exists));
        Assert.False(await redis.KeyExistsAsync(key));
        await redis.StringSetAsync(key, "one");
        Assert.True(await redis.StringSetAsync(key, "two", when: When.Exists));
        Assert.Equal("two", await redis.StringGetAsync(key));
    }

    [Fact]
    public async Task Expiry_gives_the_key_a_time_to_live_after_which_it_is_gone()
    {
        await using RedisConnection redis = await SharedRedis.ConnectAsync();
        string lasting = TestNames.Unique("ttl");
        string fleeting = TestNames.Unique("ttl");

        await redis.StringSetAsync(lasting, "v", TimeSpan.FromMinutes(5));
        await redis.StringSetAsync(fleeting, "v", TimeSpan.FromMilliseconds(30), When.NotExists);

        TimeSpan? ttl = await redis.KeyTimeToLiveAsync(lasting);
        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
        await Eventually.UntilAsync(async () => !await redis.KeyExistsAsync(fleeting), SharedRedis.Deadline, "the key expires");
    }

    [Fact]
    public async Task Expire_sets_and_removes_a_time_to_live()
    {
        await using RedisConnection redis = await SharedRedis.ConnectAsync();
        string key = TestNames.Unique("expire");
        await redis.StringSetAsync(key, "v");

        Assert.Null(await redis.KeyTimeToLiveAsync(key));
        Assert.True(await redis.KeyExpireAsync(key, TimeSpan.FromSeconds(30)));
        Assert.InRange((await redis.KeyTimeToLiveAsync(key))!.Value, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(30));
        Assert.True(await redis.KeyExpireAsync(key, expiry: null));
        Assert.Null(await redis.KeyTimeToLiveAsync(key));
        Assert.False(await redis.KeyExpireAsync(TestNames.Unique("missing"), TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Delete_removes_a_key_once()
    {
        await using RedisConnection redis = await SharedRedis.ConnectAsync();
        string key = TestNames.Unique("del");
        await redis.StringSetAsync(key, "v");

        Assert.True(await redis.KeyExistsAsync(key));
        Assert.True(await redis.KeyDeleteAsync(key));
        Assert.False(await redis.KeyDeleteAsync(key));
        Assert.False(await redis.KeyExistsAsync(key));
    }

    [Fact]
    public async Task Increment_counts_from_zero_by_one_or_by_any_amount()
    {
        await using RedisConnection redis = await SharedRedis.ConnectAsync();
        string key = TestNames.Unique("incr");

        Assert.Equal(1, await redis.StringIncrementAsync(key));
        Assert.Equal(11, await redis.StringIncrementAsync(key, 10));
        Assert.Equal(6, await redis.StringIncrementAsync(key, -5));
        Assert.Equal("6", await redis.StringGetAsync(key));
    }

    [Fact]
    public async Task Hash_fields_set_one_by_one_or_together_read_back_whole()
    {
        await using RedisConnection redis = await SharedRedis.ConnectAsync();
        string key = TestNames.Unique("hash");

        Assert.True(await redis.HashSetAsync(key, "status", "preparing"));
        Assert.False(await redis.HashSetAsync(key, "status", "on its way"));
        Assert.Equal(2, await redis.HashSetAsync(key, new Dictionary<string, string> { ["courier"] = "Ana", ["eta"] = "12:40", ["status"] = "on its way" }));

        IReadOnlyDictionary<string, string> hash = await redis.HashGetAllAsync(key);
        Assert.Equal(
            new Dictionary<string, string> { ["status"] = "on its way", ["courier"] = "Ana", ["eta"] = "12:40" },
            hash);
        Assert.Empty(await redis.HashGetAllAsync(TestNames.Unique("missing")));
    }

    [Fact]
    public async Task Default_database_from_the_connection_string_is_selected()
    {
        await using RedisConnection db3 = await SharedRedis.ConnectAsync(o => o with { DefaultDatabase = 3 });
        await using RedisConnection db0 = await SharedRedis.ConnectAsync();
        string key = TestNames.Unique("db");

        await db3.StringSetAsync(key, "in three");

        Assert.Equal("in three", await db3.StringGetAsync(key));
        Assert.Null(await db0.StringGetAsync(key));
        Assert.Contains(" db=3 ", (await db3.ExecuteAsync("CLIENT", "INFO")).AsString());
    }

    [Fact]
    public async Task Ping_round_trips()
    {
        await using RedisConnection redis = await SharedRedis.ConnectAsync();

        TimeSpan roundTrip = await redis.PingAsync();

        Assert.InRange(roundTrip, TimeSpan.Zero, SharedRedis.Deadline);
        Assert.True(redis.IsConnected);
    }

    [Fact]
    public async Task Large_value_written_by_many_callers_at_once_arrives_intact()
    {
        await using RedisConnection redis = await SharedRedis.ConnectAsync();
        string key = TestNames.Unique("large");
        string value = string.Concat(Enumerable.Repeat("0123456789", 300_000)); // 3 MB, past the write buffer's pause threshold

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => redis.StringSetAsync($"{key}_{i}", value)));

        foreach (int i in Enumerable.Range(0, 4))
        {
            Assert.Equal(value.Length, Encoding.UTF8.GetByteCount((await redis.StringGetAsync($"{key}_{i}"))!));
        }
    }
}
