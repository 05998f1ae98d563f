using Notify.AppHost.Hosting;
using Notify.Tests.Infrastructure;
using Npgsql;

namespace Notify.Tests.Hosting;

public sealed class PostgresServerTests
{
    [Fact]
    public async Task Postgres_runs_as_postgres_user_and_creates_notifydb()
    {
        PostgresServer postgres = (await SharedInfrastructure.GetAsync()).Postgres;

        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT current_database(), current_user", connection);
        await using NpgsqlDataReader row = await query.ExecuteReaderAsync();
        Assert.True(await row.ReadAsync());
        Assert.Equal("notifydb", row.GetString(0));
        Assert.Equal("postgres", row.GetString(1));
        int expectedUid = Environment.UserName == "root" ? ProcessTable.UidOf("postgres") : ProcessTable.Uid(Environment.ProcessId);
        Assert.Equal(expectedUid, ProcessTable.Uid(postgres.ProcessId!.Value));
    }

    [Fact]
    public async Task Postgres_connection_string_and_environment_have_Aspire_formats()
    {
        PostgresServer postgres = (await SharedInfrastructure.GetAsync()).Postgres;

        string expected = $"Host=127.0.0.1;Port={postgres.Port};Username=postgres;Password={postgres.Password};Database=notifydb";
        Assert.Equal(expected, postgres.ConnectionString);
        Assert.Matches("^[A-Za-z0-9]{24}$", postgres.Password);
        IReadOnlyDictionary<string, string> environment = postgres.GetEnvironmentVariables();
        Assert.Equal(expected, environment["ConnectionStrings__notifydb"]);
        Assert.Equal("127.0.0.1", environment["NOTIFYDB_HOST"]);
        Assert.Equal(postgres.Port.ToString(), environment["NOTIFYDB_PORT"]);
        Assert.Equal("postgres", environment["NOTIFYDB_USERNAME"]);
        Assert.Equal(postgres.Password, environment["NOTIFYDB_PASSWORD"]);
        Assert.Equal("notifydb", environment["NOTIFYDB_DATABASENAME"]);
        Assert.Equal($"postgresql://postgres:{postgres.Password}@127.0.0.1:{postgres.Port}/notifydb", environment["NOTIFYDB_URI"]);
    }

    [Fact]
    public async Task Unique_databases_keep_test_classes_apart()
    {
        PostgresServer postgres = (await SharedInfrastructure.GetAsync()).Postgres;

        PostgresDatabase first = await postgres.CreateUniqueDatabaseAsync("isolation");
        PostgresDatabase second = await postgres.CreateUniqueDatabaseAsync("isolation");
        await ExecuteAsync(first.ConnectionString, "CREATE TABLE only_in_first (id int)");

        Assert.NotEqual(first.Name, second.Name);
        Assert.StartsWith("isolation_", first.Name);
        Assert.Equal(1L, await ScalarAsync(first.ConnectionString, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_first'"));
        Assert.Equal(0L, await ScalarAsync(second.ConnectionString, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_first'"));
    }

    [Fact]
    public async Task Postgres_state_directory_is_reused_with_its_data_and_password_by_the_next_run()
    {
        string state = Path.Combine(Path.GetTempPath(), TestNames.Unique("notify_test_pgstate"));
        try
        {
            var options = new PostgresServerOptions { StateDirectory = state };
            string password;
            await using (PostgresServer first = await PostgresServer.StartNewAsync(options))
            {
                password = first.Password;
                await ExecuteAsync(first.ConnectionString, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)");
            }

            await using PostgresServer second = await PostgresServer.StartNewAsync(options);

            Assert.Equal(password, second.Password);
            Assert.Equal(7, await ScalarAsync(second.ConnectionString, "SELECT id FROM kept"));
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Fact]
    public async Task Disposed_postgres_leaves_no_server_or_backend_process_and_no_temporary_state()
    {
        PostgresServer postgres = await PostgresServer.StartNewAsync();
        string state = postgres.StateDirectory;
        int pid = postgres.ProcessId!.Value;
        await using (var connection = new NpgsqlConnection(postgres.ConnectionString))
        {
            await connection.OpenAsync();
        }

        await postgres.DisposeAsync();

        Assert.False(ProcessTable.IsAlive(pid));
        Assert.Empty(ProcessTable.UsingDirectory(state));
        Assert.False(Directory.Exists(state));
    }

    [Fact]
    public async Task Killed_postgres_restarts_on_the_same_port_and_recovers_its_data()
    {
        await using PostgresServer postgres = await PostgresServer.StartNewAsync();
        await ExecuteAsync(postgres.ConnectionString, "CREATE TABLE survived (id int); INSERT INTO survived VALUES (1)");
        int port = postgres.Port;

        await postgres.KillAsync();
        await postgres.StartAsync();
        // Pooled connections still point at the killed server's backends; a client learns that on first use.
        NpgsqlConnection.ClearAllPools();

        Assert.Equal(port, postgres.Port);
        Assert.Equal(1, await ScalarAsync(postgres.ConnectionString, "SELECT id FROM survived"));
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
