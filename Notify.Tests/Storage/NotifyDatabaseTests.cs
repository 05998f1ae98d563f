using Notify.Core.Storage;
using Notify.Tests.Infrastructure;
using Npgsql;

namespace Notify.Tests.Storage;

public sealed class NotifyDatabaseTests
{
    // Tables later migrations add are not listed: each migration's own specifications look at them.
    private static readonly string[] Tables =
        ["dead_letters", "deferred_notifications", "deliveries", "delivery_events", "inbox_messages", "notifications", "schema_migrations",
            "user_contacts", "user_preferences"];

    private static readonly string[] Migrations = [.. SchemaMigration.All.Select(m => $"{m.Version:D4}_{m.Name}")];

    [Fact]
    public async Task Migrating_a_new_database_creates_every_table_and_records_the_migration()
    {
        await using NpgsqlDataSource dataSource = await NewDatabaseAsync();

        IReadOnlyList<string> applied = await NotifyDatabase.MigrateAsync(dataSource);

        Assert.Equal(Migrations, applied);
        Assert.Contains("0001_initial", applied);
        Assert.Contains("0003_deferred_notifications", applied);
        Assert.Subset(new HashSet<string>(await TablesAsync(dataSource)), new HashSet<string>(Tables));
        Assert.Equal(1, await StoredRows.CountAsync(dataSource, "SELECT count(*) FROM schema_migrations WHERE version = 1 AND name = 'initial'"));
    }

    [Fact]
    public async Task Migrating_again_applies_nothing_and_keeps_the_data()
    {
        await using NpgsqlDataSource dataSource = await NewDatabaseAsync();
        await NotifyDatabase.MigrateAsync(dataSource);
        await using (NpgsqlCommand insert = dataSource.CreateCommand(
            "INSERT INTO user_contacts (tenant, user_id, email, updated_at) VALUES ('acme', 'ana', 'ana@example.com', now())"))
        {
            await insert.ExecuteNonQueryAsync();
        }

        IReadOnlyList<string> applied = await NotifyDatabase.MigrateAsync(dataSource);

        Assert.Empty(applied);
        Assert.Equal(1, await StoredRows.CountAsync(dataSource, "SELECT count(*) FROM user_contacts WHERE email = 'ana@example.com'"));
    }

    [Fact]
    public async Task Replicas_migrating_at_the_same_moment_all_succeed_and_apply_each_migration_once()
    {
        await using NpgsqlDataSource dataSource = await NewDatabaseAsync();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<IReadOnlyList<string>>[] replicas = [.. Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await NotifyDatabase.MigrateAsync(dataSource);
        }))];

        start.SetResult();
        IReadOnlyList<string>[] results = await Task.WhenAll(replicas);

        Assert.Single(results, applied => applied.Count > 0);
        Assert.Equal(Migrations.Length, await StoredRows.CountAsync(dataSource, "SELECT count(*) FROM schema_migrations"));
        Assert.Subset(new HashSet<string>(await TablesAsync(dataSource)), new HashSet<string>(Tables));
    }

    [Fact]
    public async Task A_missing_database_is_created_once_when_services_race_to_create_it()
    {
        SharedServers servers = await SharedInfrastructure.GetAsync();
        string connectionString = servers.DatabaseConnectionString(TestNames.Unique("created"));

        DatabaseCreation[] outcomes = await Task.WhenAll(
            Task.Run(() => NotifyDatabase.EnsureDatabaseExistsAsync(connectionString)),
            Task.Run(() => NotifyDatabase.EnsureDatabaseExistsAsync(connectionString)));
        DatabaseCreation afterwards = await NotifyDatabase.EnsureDatabaseExistsAsync(connectionString);

        Assert.Equal([DatabaseCreation.Existed, DatabaseCreation.Created], outcomes.Order());
        Assert.Equal(DatabaseCreation.Existed, afterwards);
        await using NpgsqlDataSource dataSource = NpgsqlDataSource.Create(connectionString);
        Assert.NotEmpty(await NotifyDatabase.MigrateAsync(dataSource));
    }

    [Fact]
    public async Task A_role_that_may_not_create_databases_is_told_so_instead_of_failing()
    {
        SharedServers servers = await SharedInfrastructure.GetAsync();
        string role = TestNames.Unique("app");
        await using (NpgsqlDataSource admin = NpgsqlDataSource.Create(servers.Postgres))
        await using (NpgsqlCommand create = admin.CreateCommand($"CREATE ROLE {role} LOGIN NOCREATEDB PASSWORD 'app-password'"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(servers.DatabaseConnectionString(TestNames.Unique("forbidden")))
        {
            Username = role,
            Password = "app-password",
        };

        Assert.Equal(DatabaseCreation.NotPermitted, await NotifyDatabase.EnsureDatabaseExistsAsync(builder.ConnectionString));
        Assert.Equal(DatabaseCreation.Existed, await NotifyDatabase.EnsureDatabaseExistsAsync(builder.ConnectionString.Replace(builder.Database!, "postgres")));
    }

    private static async Task<NpgsqlDataSource> NewDatabaseAsync()
    {
        PostgresDatabase database = await (await SharedInfrastructure.GetAsync()).CreateUniqueDatabaseAsync("migrate");
        return NpgsqlDataSource.Create(database.ConnectionString);
    }

    private static async Task<string[]> TablesAsync(NpgsqlDataSource dataSource)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
        var tables = new List<string>();
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return [.. tables];
    }
}
