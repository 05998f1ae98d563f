using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Notify.Core.Storage;
using Notify.Core.Users;
using NATS.Client.Core;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Storage;

/// <summary>On a nats-server of the class's own, since the test restarts it.</summary>
public sealed class UserDirectoryReconnectTests(MigratedDatabaseFixture database, NatsServerFixture nats)
    : IClassFixture<MigratedDatabaseFixture>, IClassFixture<NatsServerFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task After_a_nats_reconnect_every_cached_profile_is_loaded_again()
    {
        var store = new UserStore(database.DataSource);
        string tenant = TestNames.Unique("tenant");
        await using var connection = new NatsConnection(NatsOpts.Default with
        {
            Url = nats.Server.ConnectionString,
            ReconnectWaitMin = TimeSpan.FromMilliseconds(20),
            ReconnectWaitMax = TimeSpan.FromMilliseconds(200),
        });
        await using var directory = new UserDirectory(store, connection, UserDirectoryOptions.Default, NullLogger<UserDirectory>.Instance, new FakeTimeProvider());
        await directory.StartAsync();
        await store.PutContactsAsync(tenant, "ana", new UserContacts("ana@old.example", null, null, null));
        await directory.GetProfileAsync(tenant, "ana");
        await store.PutContactsAsync(tenant, "ana", new UserContacts("ana@new.example", null, null, null)); // unannounced
        int opened = 0;
        connection.ConnectionOpened += (_, _) =>
        {
            Interlocked.Increment(ref opened);
            return ValueTask.CompletedTask;
        };

        await nats.Server.KillAsync();
        await nats.Server.StartAsync();
        await Eventually.UntilAsync(() => Volatile.Read(ref opened) > 0, Deadline, "the connection reopens");

        Assert.Equal("ana@new.example", (await directory.GetProfileAsync(tenant, "ana")).Contacts.Email);
    }
}
