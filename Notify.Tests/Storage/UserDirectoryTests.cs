using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Notify.Core.Storage;
using Notify.Core.Users;
using NATS.Client.Core;
using Notify.Tests.Infrastructure;
using Npgsql;

namespace Notify.Tests.Storage;

public sealed class UserDirectoryTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly UserStore _store = new(database.DataSource);
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly string _tenant = TestNames.Unique("tenant");

    [Fact]
    public async Task A_profile_is_served_from_the_cache_until_its_ttl_passes()
    {
        var time = new FakeTimeProvider();
        UserDirectory directory = await DirectoryAsync(await ConnectAsync(), time, UserDirectoryOptions.Default with { Ttl = TimeSpan.FromSeconds(30) });
        await _store.PutContactsAsync(_tenant, "ana", Email("ana@old.example"));

        Assert.Equal("ana@old.example", (await directory.GetProfileAsync(_tenant, "ana")).Contacts.Email);
        await _store.PutContactsAsync(_tenant, "ana", Email("ana@new.example")); // behind the directory's back
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal("ana@old.example", (await directory.GetProfileAsync(_tenant, "ana")).Contacts.Email);
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal("ana@new.example", (await directory.GetProfileAsync(_tenant, "ana")).Contacts.Email);
    }

    [Fact]
    public async Task Saving_through_one_directory_drops_the_cached_profile_on_every_other_replica()
    {
        UserDirectory first = await DirectoryAsync(await ConnectAsync(), new FakeTimeProvider());
        UserDirectory second = await DirectoryAsync(await ConnectAsync(), new FakeTimeProvider());
        await _store.PutContactsAsync(_tenant, "ana", Email("ana@old.example"));
        await _store.PutContactsAsync(_tenant, "ben", Email("ben@old.example"));
        Assert.Equal("ana@old.example", (await first.GetProfileAsync(_tenant, "ana")).Contacts.Email);
        Assert.Equal("ana@old.example", (await second.GetProfileAsync(_tenant, "ana")).Contacts.Email);
        Assert.Equal("ben@old.example", (await second.GetProfileAsync(_tenant, "ben")).Contacts.Email);
        await _store.PutContactsAsync(_tenant, "ben", Email("ben@new.example")); // behind the directories' backs

        await first.SaveContactsAsync(_tenant, "ana", Email("ana@new.example"));
        await first.SavePreferencesAsync(_tenant, "ana", new UserPreferences { OptOuts = ["promo.*"] });

        Assert.Equal(["promo.*"], (await first.GetProfileAsync(_tenant, "ana")).Preferences.OptOuts);
        await Eventually.UntilAsync(
            async () => (await second.GetProfileAsync(_tenant, "ana")) is { Contacts.Email: "ana@new.example", Preferences.OptOuts: ["promo.*"] },
            Deadline, "the second replica drops its copy when the first announces the change");
        Assert.Equal("ben@old.example", (await second.GetProfileAsync(_tenant, "ben")).Contacts.Email);
    }

    [Fact]
    public async Task Concurrent_reads_of_one_user_share_a_single_load()
    {
        UserDirectory directory = await DirectoryAsync(await ConnectAsync(), new FakeTimeProvider());
        await _store.PutContactsAsync(_tenant, "ana", Email("ana@example.com"));
        Task<UserProfile>[] reads;
        await using (NpgsqlConnection blocker = await database.DataSource.OpenConnectionAsync())
        await using (NpgsqlTransaction transaction = await blocker.BeginTransactionAsync())
        {
            await using (var lockTable = new NpgsqlCommand("LOCK TABLE user_contacts IN ACCESS EXCLUSIVE MODE", blocker, transaction))
            {
                await lockTable.ExecuteNonQueryAsync();
            }

            reads = [.. Enumerable.Range(0, 50).Select(_ => directory.GetProfileAsync(_tenant, "ana").AsTask())];

            await Eventually.UntilAsync(async () => await WaitingOnLocksAsync() > 0, Deadline, "the load reaches the locked table");
            Assert.Equal(1, await WaitingOnLocksAsync());
            Assert.All(reads, read => Assert.False(read.IsCompleted));
        }

        UserProfile[] profiles = await Task.WhenAll(reads);
        Assert.All(profiles, profile => Assert.Same(profiles[0], profile));
        Assert.Equal("ana@example.com", profiles[0].Contacts.Email);
    }

    [Fact]
    public async Task Loads_of_many_users_at_once_use_no_more_connections_than_the_bound()
    {
        UserDirectory directory = await DirectoryAsync(await ConnectAsync(), new FakeTimeProvider(),
            UserDirectoryOptions.Default with { MaxConcurrentLoads = 3, LoadTimeout = TimeSpan.FromSeconds(30) });
        Task<UserProfile>[] reads;
        await using (NpgsqlConnection blocker = await database.DataSource.OpenConnectionAsync())
        await using (NpgsqlTransaction transaction = await blocker.BeginTransactionAsync())
        {
            await using (var lockTable = new NpgsqlCommand("LOCK TABLE user_contacts IN ACCESS EXCLUSIVE MODE", blocker, transaction))
            {
                await lockTable.ExecuteNonQueryAsync();
            }

            reads = [.. Enumerable.Range(0, 20).Select(i => directory.GetProfileAsync(_tenant, $"crowd-{i}").AsTask())];

            await Eventually.UntilAsync(async () => await WaitingOnLocksAsync() == 3, Deadline, "the bound's worth of loads reach the locked table");
            Assert.Equal(3, await WaitingOnLocksAsync());
            Assert.All(reads, read => Assert.False(read.IsCompleted));
        }

        UserProfile[] profiles = await Task.WhenAll(reads);
        Assert.Equal(20, profiles.Select(p => p.UserId).Distinct().Count());
    }

    [Fact]
    public async Task The_cache_keeps_no_more_profiles_than_its_bound()
    {
        UserDirectory directory = await DirectoryAsync(await ConnectAsync(), new FakeTimeProvider(), UserDirectoryOptions.Default with { MaxEntries = 10 });

        for (int i = 0; i < 25; i++)
        {
            await directory.GetProfileAsync(_tenant, $"user-{i}");
        }

        Assert.InRange(directory.CachedCount, 1, 10);
    }

    [Fact]
    public async Task An_expired_profile_is_served_while_postgres_is_down_and_logged_once()
    {
        ServerProcess server = await ServerProcess.StartPostgresAsync();
        _owned.Add(server);
        NpgsqlDataSource dataSource = NpgsqlDataSource.Create(server.ConnectionString);
        _owned.Add(dataSource);
        await NotifyDatabase.MigrateAsync(dataSource);
        var store = new UserStore(dataSource);
        var time = new FakeTimeProvider();
        var logger = new CapturingLogger<UserDirectory>();
        var directory = new UserDirectory(store, await ConnectAsync(), UserDirectoryOptions.Default with { Ttl = TimeSpan.FromSeconds(30), LoadTimeout = TimeSpan.FromSeconds(3) }, logger, time);
        _owned.Add(directory);
        await store.PutContactsAsync(_tenant, "ana", Email("ana@example.com"));
        await directory.GetProfileAsync(_tenant, "ana");

        await server.StopAsync();
        time.Advance(TimeSpan.FromMinutes(1));
        UserProfile duringOutage = await directory.GetProfileAsync(_tenant, "ana");
        time.Advance(TimeSpan.FromMinutes(1));
        UserProfile later = await directory.GetProfileAsync(_tenant, "ana");
        Exception neverCached = await Assert.ThrowsAnyAsync<Exception>(() => directory.GetProfileAsync(_tenant, "ben").AsTask());

        Assert.Equal("ana@example.com", duringOutage.Contacts.Email);
        Assert.Equal("ana@example.com", later.Contacts.Email);
        Assert.True(neverCached is NpgsqlException or TimeoutException, neverCached.ToString());
        Assert.Single(logger.Entries, e => e.Message.Contains("serving cached user profiles", StringComparison.Ordinal));

        await server.StartAsync();
        await store.PutContactsAsync(_tenant, "ana", Email("ana@recovered.example"));
        await Eventually.UntilAsync(async () =>
        {
            time.Advance(TimeSpan.FromMinutes(1));
            return (await directory.GetProfileAsync(_tenant, "ana")).Contacts.Email == "ana@recovered.example";
        }, Deadline, "profiles load fresh once PostgreSQL is back");
        Assert.Single(logger.Entries, e => e.Message.Contains("PostgreSQL is back", StringComparison.Ordinal));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }
    }

    private async Task<NatsConnection> ConnectAsync()
    {
        SharedServers servers = await SharedInfrastructure.GetAsync();
        var connection = new NatsConnection(NatsOpts.Default with { Url = servers.Nats, Name = "user-directory-tests" });
        _owned.Add(connection);
        await connection.ConnectAsync();
        return connection;
    }

    private async Task<UserDirectory> DirectoryAsync(NatsConnection nats, TimeProvider time, UserDirectoryOptions? options = null)
    {
        var directory = new UserDirectory(_store, nats, options ?? UserDirectoryOptions.Default, NullLogger<UserDirectory>.Instance, time);
        _owned.Add(directory);
        await directory.StartAsync();
        return directory;
    }

    private Task<long> WaitingOnLocksAsync() => StoredRows.CountAsync(database.DataSource,
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%user_contacts%'");

    private static UserContacts Email(string email) => new(email, null, null, null);
}
