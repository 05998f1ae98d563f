using Notify.Core.Redis;

namespace Notify.Tests.Redis;

public sealed class ConnectionFailureTests
{
    [Fact]
    public async Task Unreachable_server_fails_connect_when_abortConnect_is_on()
    {
        await using var redis = new RedisConnection($"127.0.0.1:{SharedRedis.ClosedPort()}");

        RedisConnectionException error = await Assert.ThrowsAsync<RedisConnectionException>(() => redis.ConnectAsync());

        Assert.Contains("127.0.0.1", error.Message);
        Assert.False(redis.IsConnected);
    }

    [Fact]
    public async Task Commands_while_no_server_answers_fail_with_a_connection_error_naming_the_cause()
    {
        int port = SharedRedis.ClosedPort();
        await using var redis = new RedisConnection(
            RedisOptions.Parse($"127.0.0.1:{port},abortConnect=false,syncTimeout=200"));
        var failures = new List<RedisConnectionEventArgs>();
        redis.ConnectionFailed += (_, e) =>
        {
            lock (failures)
            {
                failures.Add(e);
            }
        };

        RedisConnectionException error = await Assert.ThrowsAsync<RedisConnectionException>(() => redis.StringSetAsync("k", "v"));

        Assert.Contains("SET was not sent", error.Message);
        Assert.Contains($"127.0.0.1:{port}", error.Message);
        Assert.Contains("within 200 ms", error.Message);
        lock (failures)
        {
            Assert.NotEmpty(failures);
            Assert.All(failures, f => Assert.Equal(RedisConnectionKind.Interactive, f.Kind));
        }
    }

    [Fact]
    public async Task Second_endpoint_is_used_when_the_first_is_down()
    {
        string live = (await SharedRedis.OptionsAsync()).ToString().Split(',')[0];
        await using var redis = new RedisConnection($"127.0.0.1:{SharedRedis.ClosedPort()},{live}");

        await redis.ConnectAsync();

        Assert.True(redis.IsConnected);
        Assert.Equal("PONG", (await redis.ExecuteAsync("PING")).AsString());
    }
}
