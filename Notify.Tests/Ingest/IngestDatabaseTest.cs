using Notify.Core.Storage;
using Notify.Tests.Infrastructure;
using Npgsql;

namespace Notify.Tests.Ingest;

/// <summary>
/// A test class whose every test gets an Ingest host of its own over the class's database, migrated, with a data
/// source for reading back what Ingest stored.
/// </summary>
public abstract class IngestDatabaseTest(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    /// <summary>The Ingest host of the current test.</summary>
    protected IngestTestHost Host { get; private set; } = null!;

    /// <summary>The class's database.</summary>
    protected NpgsqlDataSource Db { get; private set; } = null!;

    /// <summary>Settings over the host's defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Db = NpgsqlDataSource.Create(database.ConnectionString);
        await NotifyDatabase.MigrateAsync(Db);
        Host = await IngestTestHost.StartAsync(database.ConnectionString, Settings);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Db.DisposeAsync();
    }
}
