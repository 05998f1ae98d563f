using Microsoft.Extensions.Logging.Abstractions;
using Notify.Core.Storage;
using Notify.Core.Users;
using NATS.Client.Core;
using Notify.Tests.Infrastructure;
using Notify.Tests.Redis;
using Npgsql;
using StackExchange.Redis;

namespace Notify.Tests.Storage;

/// <summary>The Redis level of the user directory, shared by every replica, in front of PostgreSQL.</summary>
public sealed class SharedProfileCacheTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly string _tenant = TestNames.Unique("tenant");

    [Fact]
    public async Task A_cold_replica_is_served_from_redis_and_a_save_overwrites_the_shared_copy()
    {
        var redis = await OwnAsync(await SharedRedis.ConnectAsync());
        var writer = await DirectoryAsync(new UserStore(database.DataSource), redis);
        await writer.SaveContactsAsync(_tenant, "ana", Email("ana@old.example"));
        // A replica whose PostgreSQL is unreachable can only answer from Redis.
        await using var unreachable = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={SharedRedis.ClosedPort()};Username=x;Password=x;Database=x;Timeout=2");
        var cold = await DirectoryAsync(new UserStore(unreachable), redis);

        Assert.Equal("ana@old.example", (await cold.GetProfileAsync(_tenant, "ana")).Contacts.Email);
        await writer.SavePreferencesAsync(_tenant, "ana", new UserPreferences { OptOuts = ["promo.*"] });

        await Eventually.UntilAsync(
            async () => await cold.GetProfileAsync(_tenant, "ana") is { Contacts.Email: "ana@old.example", Preferences.OptOuts: ["promo.*"] },
            Deadline, "the cold replica drops its copy on the announcement and reads the overwritten one from Redis");
        Assert.True((await redis.GetDatabase().StringGetAsync(SharedProfileCache.KeyOf(_tenant, "ana"))).HasValue);
    }

    [Fact]
    public async Task A_profile_loaded_from_postgres_fills_redis_and_redis_being_down_falls_back_to_postgres()
    {
        var store = new UserStore(database.DataSource);
        await store.PutContactsAsync(_tenant, "ben", Email("ben@example.com"));
        var redis = await OwnAsync(await SharedRedis.ConnectAsync());
        var directory = await DirectoryAsync(store, redis);

        Assert.Equal("ben@example.com", (await directory.GetProfileAsync(_tenant, "ben")).Contacts.Email);
        Assert.Contains("ben@example.com", (string?)await redis.GetDatabase().StringGetAsync(SharedProfileCache.KeyOf(_tenant, "ben")), StringComparison.Ordinal);

        var down = await OwnAsync(await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{SharedRedis.ClosedPort()},abortConnect=false,connectTimeout=200"));
        var degraded = await DirectoryAsync(store, down);
        Assert.Equal("ben@example.com", (await degraded.GetProfileAsync(_tenant, "ben")).Contacts.Email);
    }

    /// <inheritdoc />
    public Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
            await _owned[i].DisposeAsync();
    }

    private async Task<UserDirectory> DirectoryAsync(UserStore store, IConnectionMultiplexer redis)
    {
        SharedServers servers = await SharedInfrastructure.GetAsync();
        var nats = await OwnAsync(new NatsConnection(NatsOpts.Default with { Url = servers.Nats, Name = "shared-profile-tests" }));
        await nats.ConnectAsync();
        var options = UserDirectoryOptions.Default with { LoadTimeout = TimeSpan.FromSeconds(3) };
        var shared = new SharedProfileCache(redis, options, NullLogger<SharedProfileCache>.Instance);
        var directory = await OwnAsync(new UserDirectory(store, nats, options, NullLogger<UserDirectory>.Instance, shared: shared));
        await directory.StartAsync();
        return directory;
    }

    private async Task<T> OwnAsync<T>(T owned) where T : IAsyncDisposable
    {
        _owned.Add(owned);
        return await Task.FromResult(owned);
    }

    private static UserContacts Email(string email) => new(email, null, null, null);
}
