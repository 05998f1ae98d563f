using System.Text;
using Notify.Core.Redis;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Redis;

public sealed class CommandTests
{
    [Fact]
    public async Task Execute_sends_any_command_with_text_number_and_binary_arguments()
    {
        await using RedisConnection redis = await SharedRedis.ConnectAsync();
        string key = TestNames.Unique("exec");

        Assert.Equal("OK", (await redis.ExecuteAsync("SET", key, Encoding.UTF8.GetBytes("raw"))).AsString());
        Assert.Equal("raw", (await redis.ExecuteAsync("get", key)).AsString());
        Assert.Equal(5L, (await redis.ExecuteAsync("RPUSH", $"{key}_list", "a", 2L, 3, 4.5, new ReadOnlyMemory<byte>("e"u8.ToArray()))).AsInt64());
        Assert.Equal("2.5", (await redis.ExecuteAsync("INCRBYFLOAT", $"{key}_float", 2.5)).AsString());
    }

    [Fact]
    public async Task Array_replies_keep_their_order_and_their_nils()
    {
        await using RedisConnection redis = await SharedRedis.ConnectAsync();
        string key = TestNames.Unique("mget");
        await redis.StringSetAsync($"{key}_a", "1");
        await redis.StringSetAsync($"{key}_c", "3");

        RedisResult values = await redis.ExecuteAsync("MGET", $"{key}_a", $"{key}_b", $"{key}_c");

        Assert.Equal(RedisResultType.Array, values.Type);
        Assert.Equal(["1", null, "3"], values.AsArray().Select(v => v.AsString()));
        Assert.Equal(3, values.Length);
        Assert.True(values[1].IsNull);
    }

    [Fact]
    public async Task Server_error_is_thrown_with_its_text_and_the_connection_goes_on()
    {
        await using RedisConnection redis = await SharedRedis.ConnectAsync();
        string key = TestNames.Unique("err");
        await redis.StringSetAsync(key, "not a number");

        RedisServerException notInteger = await Assert.ThrowsAsync<RedisServerException>(() => redis.StringIncrementAsync(key));
        RedisServerException wrongType = await Assert.ThrowsAsync<RedisServerException>(() => redis.HashGetAllAsync(key));
        RedisServerException unknown = await Assert.ThrowsAsync<RedisServerException>(() => redis.ExecuteAsync("NOSUCHCOMMAND"));

        Assert.Equal("ERR value is not an integer or out of range", notInteger.Message);
        Assert.Equal("ERR", notInteger.ErrorCode);
        Assert.Equal("WRONGTYPE", wrongType.ErrorCode);
        Assert.StartsWith("ERR unknown command", unknown.Message);
        Assert.Equal("not a number", await redis.StringGetAsync(key));
    }

    [Fact]
    public async Task Unsupported_argument_is_refused_before_anything_is_sent()
    {
        await using RedisConnection redis = await SharedRedis.ConnectAsync();
        string key = TestNames.Unique("badarg");

        await Assert.ThrowsAsync<ArgumentException>(() => redis.ExecuteAsync("SET", key, DateTime.UtcNow));
        await Assert.ThrowsAsync<ArgumentNullException>(() => redis.ExecuteAsync("SET", key, null!));
        foreach (string[] command in new string[][] { ["SUBSCRIBE", key], ["multi"], ["SELECT", "2"], ["HELLO", "3"], ["CLIENT", "REPLY", "OFF"] })
        {
            await Assert.ThrowsAsync<ArgumentException>(() => redis.ExecuteAsync(command[0], command[1..]));
        }

        Assert.True(await redis.StringSetAsync(key, "fine"));
        Assert.Equal("fine", await redis.StringGetAsync(key));
    }

    [Fact]
    public async Task Slow_reply_times_out_and_its_late_reply_does_not_reach_the_next_caller()
    {
        await using RedisConnection redis = await SharedRedis.ConnectAsync(o => o with { CommandTimeout = TimeSpan.FromMilliseconds(300) });
        await using RedisConnection observer = await SharedRedis.ConnectAsync();
        string key = TestNames.Unique("slow");
        long clientId = (await redis.ExecuteAsync("CLIENT", "ID")).AsInt64();

        RedisTimeoutException timeout = await Assert.ThrowsAsync<RedisTimeoutException>(() => redis.ExecuteAsync("BLPOP", key, 0));
        Assert.Contains("BLPOP", timeout.Message);
        Assert.Equal(1, (await observer.ExecuteAsync("CLIENT", "UNBLOCK", clientId)).AsInt64()); // BLPOP now answers nil

        Assert.True(await redis.StringSetAsync(key, "mine"));
        Assert.Equal("mine", await redis.StringGetAsync(key));
        Assert.True(redis.IsConnected);
    }

    [Fact]
    public async Task Cancelled_wait_leaves_the_connection_usable()
    {
        await using RedisConnection redis = await SharedRedis.ConnectAsync();
        await using RedisConnection observer = await SharedRedis.ConnectAsync();
        string key = TestNames.Unique("cancel");
        long clientId = (await redis.ExecuteAsync("CLIENT", "ID")).AsInt64();
        using var cancel = new CancellationTokenSource();

        Task<long> blockedBehind = BlockThenIncrementAsync(redis, key, cancel.Token);
        await Eventually.UntilAsync(async () => (await observer.ExecuteAsync("CLIENT", "LIST", "ID", clientId)).AsString()!.Contains("cmd=blpop"),
            SharedRedis.Deadline, "BLPOP is blocking on the server");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blockedBehind);
        await observer.ExecuteAsync("CLIENT", "UNBLOCK", clientId);

        Assert.Equal(2, await redis.StringIncrementAsync(key));
    }

    private static async Task<long> BlockThenIncrementAsync(RedisConnection redis, string key, CancellationToken cancellationToken)
    {
        Task<RedisResult> blocking = redis.ExecuteAsync("BLPOP", $"{key}_list", 0);
        long count = await redis.StringIncrementAsync(key, 1, cancellationToken);
        await blocking;
        return count;
    }
}
