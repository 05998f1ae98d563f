using System.Security.Cryptography;
using Npgsql;

namespace Notify.Tests.Infrastructure;

/// <summary>The shared servers as a service referencing them sees them: their connection strings (Aspire's formats).</summary>
/// <param name="Nats"><c>nats://host:port</c>.</param>
/// <param name="Redis"><c>host:port</c>.</param>
/// <param name="Postgres">The PostgreSQL server, as its superuser, without a database.</param>
/// <param name="NotifyDb">The <c>notifydb</c> database on it.</param>
/// <param name="Smtp"><c>smtp://host:port</c>.</param>
/// <param name="Mailbox">Where the SMTP server keeps every message it received.</param>
public sealed record SharedServers(string Nats, string Redis, string Postgres, string NotifyDb, string Smtp, Maildir Mailbox)
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>The <c>ConnectionStrings</c> configuration a service gets from the AppHost (<c>ConnectionStrings__nats</c> …).</summary>
    public IReadOnlyDictionary<string, string?> ConnectionStrings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:nats"] = Nats,
        ["ConnectionStrings:redis"] = Redis,
        ["ConnectionStrings:notifydb"] = NotifyDb,
        ["ConnectionStrings:smtp"] = Smtp,
    };

    /// <summary>Creates a database named <paramref name="prefix"/><c>_</c> plus 8 random characters, for one test class.</summary>
    public Task<PostgresDatabase> CreateUniqueDatabaseAsync(string prefix) =>
        CreateDatabaseAsync($"{prefix}_{RandomNumberGenerator.GetString(Alphabet, 8)}");

    /// <summary>Creates the database <paramref name="name"/> (a plain lower-case identifier).</summary>
    public async Task<PostgresDatabase> CreateDatabaseAsync(string name)
    {
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Postgres) { Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new PostgresDatabase(name, DatabaseConnectionString(name));
    }

    /// <summary>The connection string of the database <paramref name="name"/> on the server, whether or not it exists.</summary>
    public string DatabaseConnectionString(string name) => new NpgsqlConnectionStringBuilder(Postgres) { Database = name }.ConnectionString;
}

/// <summary>A database on the shared PostgreSQL server.</summary>
/// <param name="Name">Its name.</param>
/// <param name="ConnectionString">An Npgsql connection string for it, as the superuser.</param>
public sealed record PostgresDatabase(string Name, string ConnectionString);
