using System.Data.Common;
using Npgsql;

namespace Notify.Core.Storage;

/// <summary>
/// How many PostgreSQL connections one Notify process keeps: <see cref="DefaultMaxPoolSize"/>, unless the connection
/// string names a pool size with Npgsql's own keyword (<c>Maximum Pool Size</c>). Pass <see cref="Configure"/> to
/// Aspire's <c>AddNpgsqlDataSource</c>.
/// </summary>
/// <remarks>
/// Npgsql's default is 100 connections per process, and PostgreSQL's default <c>max_connections</c> is 100 per server.
/// Under a burst every delivery whose user profile is not cached takes a connection, so Ingest and two dispatchers
/// grew past the server's limit: one e2e bench run counted 621 connections refused with "53300: sorry, too many
/// clients already", each a delivery that failed and waited for its redelivery. A delivery now waits for a pooled
/// connection instead. Size the pools so that every replica's fit: replicas × pool size ≤ max_connections − 3 (the
/// connections PostgreSQL keeps for superusers).
/// </remarks>
public static class ConnectionPool
{
    /// <summary>Connections per process when the connection string does not say.</summary>
    public const int DefaultMaxPoolSize = 16;

    private static readonly HashSet<string> PoolSizeKeywords = new(StringComparer.OrdinalIgnoreCase) { "Maximum Pool Size", "MaxPoolSize" };

    /// <summary>Sets the pool size to <see cref="DefaultMaxPoolSize"/> unless the connection string names one.</summary>
    public static void Configure(NpgsqlDataSourceBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var given = new DbConnectionStringBuilder { ConnectionString = builder.ConnectionString };
        if (!given.Keys.Cast<string>().Any(PoolSizeKeywords.Contains))
            builder.ConnectionStringBuilder.MaxPoolSize = DefaultMaxPoolSize;
    }
}
