using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Notify.Dispatcher.RateLimiting;
using Notify.Tests.Infrastructure;
using StackExchange.Redis;

namespace Notify.Tests.Redis;

/// <summary>Kills and restarts a server of the class's own; the tests of a class run one after another.</summary>
public sealed class ReconnectTests(RedisServerFixture fixture) : IClassFixture<RedisServerFixture>
{
    /// <summary>StackExchange.Redis retries a lost connection with a growing back-off (seconds, not milliseconds).</summary>
    private static readonly TimeSpan ReconnectDeadline = TimeSpan.FromSeconds(30);

    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task Commands_fail_while_the_server_is_dead_and_succeed_again_once_it_is_back()
    {
        await Server.StartAsync();
        using IHost host = await RedisClientHost.StartAsync(Server.ConnectionString);
        var limiter = new RedisRateLimiter(host.Services.GetRequiredService<IConnectionMultiplexer>(), new FakeTimeProvider());
        string key = TestNames.Unique("restart");
        Assert.True((await limiter.TryAcquireAsync(key, RateLimit.PerSecond(10))).Allowed);

        await Server.KillAsync();
        await Eventually.UntilAsync(async () => await FailsAsync(() => limiter.TryAcquireAsync(key, RateLimit.PerSecond(10))),
            SharedRedis.Deadline, "the client notices the dead socket and fails commands instead of queueing them");
        Assert.Equal(HealthStatus.Unhealthy, (await RedisClientHost.HealthAsync(host)).Status);

        await Server.StartAsync();
        await Eventually.UntilAsync(async () => !await FailsAsync(() => limiter.TryAcquireAsync(key, RateLimit.PerSecond(10))),
            ReconnectDeadline, "the client reconnects by itself and the limiter's script is loaded into the new server");
        Assert.Equal(HealthStatus.Healthy, (await RedisClientHost.HealthAsync(host)).Status);
        await host.StopAsync();
    }

    [Fact]
    public async Task Service_started_while_the_server_is_down_connects_when_it_comes_up()
    {
        await Server.KillAsync();
        using IHost host = await RedisClientHost.StartAsync(Server.ConnectionString);
        Assert.Equal(HealthStatus.Unhealthy, (await RedisClientHost.HealthAsync(host)).Status);

        await Server.StartAsync();

        await Eventually.UntilAsync(async () => (await RedisClientHost.HealthAsync(host)).Status == HealthStatus.Healthy,
            ReconnectDeadline, "the client connects in the background");
        IDatabase redis = host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        Assert.True(await redis.StringSetAsync(TestNames.Unique("late"), "v"));
        await host.StopAsync();
    }

    private static async Task<bool> FailsAsync(Func<Task> command)
    {
        try
        {
            await command();
            return false;
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            return true;
        }
    }
}
