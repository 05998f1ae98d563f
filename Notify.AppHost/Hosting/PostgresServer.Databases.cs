using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Npgsql;

namespace Notify.AppHost.Hosting;

/// <summary>Databases on the server: the application database and extra ones for isolated tests.</summary>
public sealed partial class PostgresServer
{
    private const string UniqueSuffixAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Creates <paramref name="name"/> unless it exists.</summary>
    /// <param name="name">A plain identifier: lower-case letters, digits, <c>_</c>; at most 63 characters.</param>
    /// <param name="cancellationToken">Cancels the statements.</param>
    public async Task<PostgresDatabase> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        ValidateIdentifier(name);
        await using NpgsqlConnection connection = await OpenAdminConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new NpgsqlParameter { Value = name } },
        };
        if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            // An identifier cannot be a parameter; ValidateIdentifier keeps this safe.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return new PostgresDatabase(name, GetConnectionString(name));
    }

    /// <summary>Creates a database named <c>prefix_</c> plus 8 random characters, for one test class or run.</summary>
    public Task<PostgresDatabase> CreateUniqueDatabaseAsync(string prefix = "test", CancellationToken cancellationToken = default)
    {
        string name = $"{prefix}_{RandomNumberGenerator.GetString(UniqueSuffixAlphabet, 8)}";
        return CreateDatabaseAsync(name, cancellationToken);
    }

    private static void ValidateIdentifier(string name)
    {
        if (!PlainIdentifier().IsMatch(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a plain PostgreSQL identifier (a lower-case letter or _, then letters, digits, _; at most 63)",
                nameof(name));
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex PlainIdentifier();

    /// <summary>A fresh, unpooled connection to the <c>postgres</c> maintenance database.</summary>
    private async Task<NpgsqlConnection> OpenAdminConnectionAsync(CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(GetConnectionString("postgres")) { Pooling = false, Timeout = 3 };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
