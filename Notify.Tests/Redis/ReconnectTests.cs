using System.Collections.Concurrent;
using Notify.AppHost.Hosting;
using Notify.Core.Redis;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Redis;

/// <summary>Kills and restarts a server of the class's own; the tests of a class run one after another.</summary>
public sealed class ReconnectTests(RedisServerFixture fixture) : IClassFixture<RedisServerFixture>
{
    private RedisServer Server => fixture.Server;

    [Fact]
    public async Task Commands_in_flight_when_the_server_dies_fail_and_later_ones_succeed_after_restart()
    {
        await Server.StartAsync();
        var events = new ConcurrentQueue<RedisConnectionEventArgs>();
        await using RedisConnection redis = Connect();
        redis.Connected += (_, e) => events.Enqueue(e);
        redis.ConnectionFailed += (_, e) => events.Enqueue(e);
        await redis.ConnectAsync();
        string key = TestNames.Unique("inflight");
        long clientId = (await redis.ExecuteAsync("CLIENT", "ID")).AsInt64();

        Task<RedisResult> blocked = redis.ExecuteAsync("BLPOP", key, 0);
        Task<long> queuedBehind = redis.StringIncrementAsync(key + "_n");
        await WaitUntilBlockedAsync(clientId);
        await Server.KillAsync();

        await Assert.ThrowsAsync<RedisConnectionException>(() => blocked);
        RedisConnectionException lost = await Assert.ThrowsAsync<RedisConnectionException>(() => queuedBehind);
        Assert.Contains("may or may not have run", lost.Message);
        await Eventually.UntilAsync(() => !redis.IsConnected, SharedRedis.Deadline, "the client notices the dead socket");

        await Server.StartAsync();
        await Eventually.UntilAsync(() => redis.IsConnected, SharedRedis.Deadline, "the client reconnects by itself");
        Assert.True(await redis.StringSetAsync(key, "after restart"));
        Assert.Equal("after restart", await redis.StringGetAsync(key));
        Assert.Null(await redis.StringGetAsync(key + "_n")); // the increment was not re-sent on the new socket
        Assert.Contains(events, e => e.Kind == RedisConnectionKind.Interactive && e.Error is RedisConnectionException);
        Assert.Equal(2, events.Count(e => e.Error is null));
    }

    [Fact]
    public async Task Subscription_is_renewed_after_the_server_restarts()
    {
        await Server.StartAsync();
        await using RedisConnection redis = Connect();
        string channel = TestNames.Unique("resub");
        await using RedisSubscription subscription = await redis.SubscribeAsync(channel);
        Assert.Equal(1, await redis.PublishAsync(channel, "before"));
        Assert.Equal("before", (await subscription.Messages.ReadAsync(SharedRedis.DeadlineToken())).Text);

        await Server.KillAsync();
        await Server.StartAsync();

        await Eventually.UntilAsync(async () => await TryPublishAsync(redis, channel, "after") == 1, SharedRedis.Deadline,
            "the subscription socket reconnects and subscribes again");
        Assert.Equal("after", (await subscription.Messages.ReadAsync(SharedRedis.DeadlineToken())).Text);
    }

    [Fact]
    public async Task Connection_made_while_the_server_is_down_connects_when_it_comes_up()
    {
        await Server.KillAsync();
        await using RedisConnection redis = new(RedisOptions.Parse(Server.ConnectionString + ",abortConnect=false") with
        {
            ReconnectWaitMax = TimeSpan.FromMilliseconds(100),
        });

        await redis.ConnectAsync();
        Assert.False(redis.IsConnected);
        await Server.StartAsync();

        Assert.True(await redis.StringSetAsync(TestNames.Unique("late"), "v"));
        Assert.True(redis.IsConnected);
    }

    private RedisConnection Connect() => new(RedisOptions.Parse(Server.ConnectionString) with
    {
        ReconnectWaitMax = TimeSpan.FromMilliseconds(100),
    });

    private async Task WaitUntilBlockedAsync(long clientId)
    {
        await using RedisConnection observer = Connect();
        await Eventually.UntilAsync(async () => (await observer.ExecuteAsync("CLIENT", "LIST", "ID", clientId)).AsString()!.Contains("cmd=blpop"),
            SharedRedis.Deadline, "BLPOP is blocking on the server");
    }

    private static async Task<long> TryPublishAsync(RedisConnection redis, string channel, string message)
    {
        try
        {
            return await redis.PublishAsync(channel, message);
        }
        catch (RedisConnectionException)
        {
            return -1; // still reconnecting
        }
    }
}
