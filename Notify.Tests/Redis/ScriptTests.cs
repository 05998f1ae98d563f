using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Notify.Core.Notifications;
using Notify.Dispatcher.Caps;
using Notify.Dispatcher.RateLimiting;
using Notify.Dispatcher.Resilience;
using Notify.Tests.Infrastructure;
using StackExchange.Redis;

namespace Notify.Tests.Redis;

/// <summary>
/// The Lua scripts of the rate limiter and the per-user caps cross the wire only while the server lacks them (the first
/// call on a connection, and after a <c>NOSCRIPT</c>); every other call sends the digest. Counted with
/// <c>INFO commandstats</c> on a server of the class's own, which no other test talks to.
/// </summary>
public sealed class ScriptTests(RedisServerFixture fixture) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Scripts_run_by_digest_once_the_server_has_them_and_are_loaded_again_after_SCRIPT_FLUSH()
    {
        await using ConnectionMultiplexer redis = await SharedRedis.ConnectAsync(fixture.Server.ConnectionString + ",allowAdmin=true");
        IServer server = redis.GetServers().Single();
        var limiter = new RedisRateLimiter(redis, new FakeTimeProvider());
        var caps = new UserCaps(redis, new UserCapOptions(), new NotificationTypeCatalog(), TimeProvider.System,
            new RedisOutage(redis, NullLogger<RedisOutage>.Instance), NullLogger<UserCaps>.Instance);
        string key = TestNames.Unique("digest");
        await RunBothAsync(limiter, caps, key, times: 1); // the first call on a connection sends the source
        await server.ConfigResetStatisticsAsync();

        await RunBothAsync(limiter, caps, key, times: 3);
        IReadOnlyDictionary<string, long> warm = await CallsAsync(server);
        await server.ScriptFlushAsync();
        await RunBothAsync(limiter, caps, key, times: 1); // NOSCRIPT: the client loads the script again and retries
        await server.ConfigResetStatisticsAsync();
        await RunBothAsync(limiter, caps, key, times: 3);
        IReadOnlyDictionary<string, long> reloaded = await CallsAsync(server);

        foreach (IReadOnlyDictionary<string, long> calls in new[] { warm, reloaded })
        {
            Assert.Equal(6, calls.GetValueOrDefault("evalsha"));
            Assert.False(calls.ContainsKey("eval"), "a script was sent by its source");
            Assert.False(calls.ContainsKey("script|load"), "a script was loaded again");
        }
    }

    private static async Task RunBothAsync(RedisRateLimiter limiter, UserCaps caps, string key, int times)
    {
        for (int i = 0; i < times; i++)
        {
            Assert.True((await limiter.TryAcquireAsync(key, RateLimit.PerSecond(100))).Allowed);
            Assert.Null(await caps.CheckAsync(Promotion(TestNames.Unique(key)), null, CancellationToken.None));
        }
    }

    /// <summary>A low-priority promotion for <paramref name="userId"/>: the default caps apply to it.</summary>
    internal static NotificationEnvelope Promotion(string userId) =>
        new(NotificationIds.New(), "t", userId, "promo.weekend", Priority.Low, null, null, DateTimeOffset.UtcNow);

    /// <summary>Calls per command since the statistics were reset: <c>cmdstat_evalsha:calls=6,usec=…</c> → <c>evalsha</c>: 6.</summary>
    private static async Task<IReadOnlyDictionary<string, long>> CallsAsync(IServer server)
    {
        var calls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (IGrouping<string, KeyValuePair<string, string>> section in await server.InfoAsync("commandstats"))
        {
            foreach ((string name, string value) in section)
            {
                string count = value.Split(',')[0]["calls=".Length..];
                calls[name["cmdstat_".Length..]] = long.Parse(count, CultureInfo.InvariantCulture);
            }
        }

        return calls;
    }
}
