using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Notify.Core.Notifications;
using Notify.Dispatcher.Caps;
using Notify.Dispatcher.RateLimiting;
using Notify.Dispatcher.Resilience;
using Notify.Tests.Infrastructure;
using StackExchange.Redis;

namespace Notify.Tests.Redis;

/// <summary>
/// While Redis is away, deliveries leave it out and the dispatcher says so once, not once per delivery: commands fail
/// at once then, and a line per failed call would come at delivery speed. A server of the class's own, killed and
/// restarted.
/// </summary>
public sealed class OutageTests(RedisServerFixture fixture) : IClassFixture<RedisServerFixture>
{
    private static readonly TimeSpan ReconnectDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_outage_is_logged_once_when_it_starts_and_once_when_it_ends_however_many_deliveries_go_meanwhile()
    {
        await fixture.Server.StartAsync();
        using IHost host = await RedisClientHost.StartAsync(fixture.Server.ConnectionString);
        var redis = host.Services.GetRequiredService<IConnectionMultiplexer>();
        var outageLog = new FakeLogger<RedisOutage>();
        var capsLog = new FakeLogger<UserCaps>();
        var limitsLog = new FakeLogger<ProviderRateLimits>();
        var outage = new RedisOutage(redis, outageLog);
        var caps = new UserCaps(redis, new UserCapOptions(), new NotificationTypeCatalog(), TimeProvider.System, outage, capsLog);
        var limits = new ProviderRateLimits(new RedisRateLimiter(redis, new FakeTimeProvider()),
            new RateLimitOptions { Providers = new() { ["twilio"] = new ProviderLimit() } }, outage, limitsLog);
        string user = TestNames.Unique("outage");

        await fixture.Server.KillAsync();
        await Eventually.UntilAsync(() => !redis.IsConnected, SharedRedis.Deadline, "the client notices the dead socket");
        for (int i = 0; i < 200; i++)
        {
            Assert.Null(await caps.CheckAsync(ScriptTests.Promotion(user), null, CancellationToken.None));
            Assert.Null(await limits.AcquireAsync("twilio", Priority.Low, CancellationToken.None));
        }

        var away = Assert.Single(outageLog.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, away.Level);
        Assert.StartsWith("Redis is unreachable", away.Message, StringComparison.Ordinal);
        Assert.Empty(capsLog.Collector.GetSnapshot());
        Assert.Empty(limitsLog.Collector.GetSnapshot());

        await fixture.Server.StartAsync();
        await Eventually.UntilAsync(() => redis.IsConnected, ReconnectDeadline, "the client reconnects by itself");
        Assert.Null(await caps.CheckAsync(ScriptTests.Promotion(user), null, CancellationToken.None));
        Assert.Null(await caps.CheckAsync(ScriptTests.Promotion(user), null, CancellationToken.None));

        Assert.Equal(["Redis is unreachable", "Redis is reachable again"],
            outageLog.Collector.GetSnapshot().Select(r => r.Message[..r.Message.IndexOf(':', StringComparison.Ordinal)]));
        await host.StopAsync();
    }
}
