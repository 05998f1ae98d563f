using Notify.Core.Storage;
using Notify.Tests.Infrastructure;
using Npgsql;

namespace Notify.Tests.Storage;

/// <summary>A database of the test class's own on the shared server, migrated, with a data source for the stores.</summary>
public sealed class MigratedDatabaseFixture : IAsyncLifetime
{
    private NpgsqlDataSource? _dataSource;
    private string? _connectionString;

    /// <summary>The migrated database's data source.</summary>
    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("the fixture has not been initialized");

    /// <summary>The migrated database's connection string, for a second data source (another replica's pool).</summary>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("the fixture has not been initialized");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        SharedServers servers = await SharedInfrastructure.GetAsync();
        PostgresDatabase database = await servers.CreateUniqueDatabaseAsync("storage");
        _connectionString = database.ConnectionString;
        _dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await NotifyDatabase.MigrateAsync(_dataSource);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}
