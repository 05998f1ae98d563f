using Notify.Core.Redis;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Redis;

public sealed class PipeliningTests
{
    [Fact]
    public async Task Thousand_concurrent_increments_on_one_connection_are_all_counted()
    {
        await using RedisConnection redis = await SharedRedis.ConnectAsync();
        string key = TestNames.Unique("counter");
        long clientId = (await redis.ExecuteAsync("CLIENT", "ID")).AsInt64();

        long[] results = await Task.WhenAll(Enumerable.Range(0, 1_000).Select(_ => redis.StringIncrementAsync(key)));

        Assert.Equal(Enumerable.Range(1, 1_000).Select(i => (long)i), results.Order());
        Assert.Equal("1000", await redis.StringGetAsync(key));
        Assert.Equal(clientId, (await redis.ExecuteAsync("CLIENT", "ID")).AsInt64()); // one socket carried them all
    }

    [Fact]
    public async Task Concurrent_callers_each_get_the_reply_to_their_own_command()
    {
        await using RedisConnection redis = await SharedRedis.ConnectAsync();
        string prefix = TestNames.Unique("mine");

        await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(async () =>
        {
            string key = $"{prefix}_{i}";
            Assert.True(await redis.StringSetAsync(key, $"value-{i}"));
            Assert.Equal($"value-{i}", await redis.StringGetAsync(key));
            Assert.Equal(i + 1, await redis.StringIncrementAsync($"{key}_n", i + 1));
            Assert.Equal(i % 2 == 0, await redis.KeyExistsAsync(i % 2 == 0 ? key : $"{key}_absent"));
            Assert.Equal($"value-{i}", (await redis.ExecuteAsync("GETRANGE", key, 0, -1)).AsString());
        })));
    }
}
