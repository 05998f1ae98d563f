using Npgsql;

namespace Notify.Core.Storage;

/// <summary>
/// Notify's PostgreSQL database: services create it when they may and bring its schema up to date at start, so a
/// fresh environment needs no manual step and replicas starting together are safe.
/// </summary>
public static class NotifyDatabase
{
    // pg_advisory_xact_lock key that serialises migrations ("Notify" in ASCII, then 1). Advisory locks are per
    // database, so this never blocks another database on the same server.
    private const long MigrationLockKey = 0x4E6F_7469_6679_0001;

    private const string CreateHistory = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    integer     PRIMARY KEY,
            name       text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    /// <summary>
    /// Applies the migrations this database has not had yet, in order, in one transaction that first takes an
    /// advisory lock: a second replica migrating at the same moment waits, then finds nothing left to do.
    /// </summary>
    /// <param name="dataSource">The application database.</param>
    /// <param name="cancellationToken">Cancels the migration (rolling it back).</param>
    /// <returns>The names of the migrations applied by this call (<c>0001_initial</c>…), empty when the schema was current.</returns>
    public static async Task<IReadOnlyList<string>> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter<long> { TypedValue = MigrationLockKey });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var history = new NpgsqlCommand(CreateHistory, connection, transaction))
            await history.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

        var applied = new HashSet<int>();
        await using (var query = new NpgsqlCommand("SELECT version FROM schema_migrations", connection, transaction))
        await using (NpgsqlDataReader reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                applied.Add(reader.GetInt32(0));
        }

        var appliedNow = new List<string>();
        foreach (SchemaMigration migration in SchemaMigration.All)
        {
            if (applied.Contains(migration.Version))
                continue;
            await using (var step = new NpgsqlCommand(migration.Sql, connection, transaction))
                await step.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", connection, transaction))
            {
                record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
                record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Name });
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            appliedNow.Add($"{migration.Version:D4}_{migration.Name}");
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return appliedNow;
    }

    /// <summary>
    /// Creates the database <paramref name="connectionString"/> names when it is missing and the role may, connecting
    /// to the <c>postgres</c> maintenance database to do so. For environments where nothing else provisions it (the
    /// local stack's AppHost creates <c>notifydb</c> itself). Two services racing to create it both succeed.
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string naming the database.</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    public static async Task<DatabaseCreation> EnsureDatabaseExistsAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        string database = string.IsNullOrEmpty(target.Database)
            ? throw new ArgumentException("The connection string names no database.", nameof(connectionString))
            : target.Database;

        try
        {
            await using var probe = new NpgsqlConnection(target.ConnectionString);
            await probe.OpenAsync(cancellationToken).ConfigureAwait(false);
            return DatabaseCreation.Existed;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            // Missing: create it below.
        }

        var maintenance = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres" };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.InvalidCatalogName)
        {
            return DatabaseCreation.NotPermitted;
        }

        await using (var may = new NpgsqlCommand("SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user", connection))
        {
            if (await may.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
                return DatabaseCreation.NotPermitted;
        }

        // An identifier cannot be a parameter: quote it, doubling any quote inside.
        string quoted = "\"" + database.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return DatabaseCreation.Created;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another service created it between our probe and this statement.
            return DatabaseCreation.Existed;
        }
    }
}
