namespace Notify.Tests.Infrastructure;

/// <summary>
/// A database of the test class's own on the shared PostgreSQL server, so classes running in parallel do not
/// see each other's tables: <c>IClassFixture&lt;PostgresDatabaseFixture&gt;</c>.
/// </summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    private PostgresDatabase? _database;

    /// <summary>The class's database (name and connection string).</summary>
    public PostgresDatabase Database => _database ?? throw new InvalidOperationException("the fixture has not been initialized");

    /// <summary>The connection string of <see cref="Database"/>.</summary>
    public string ConnectionString => Database.ConnectionString;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        SharedServers servers = await SharedInfrastructure.GetAsync();
        _database = await servers.CreateUniqueDatabaseAsync("test");
    }

    /// <inheritdoc />
    public Task DisposeAsync() => Task.CompletedTask;
}
