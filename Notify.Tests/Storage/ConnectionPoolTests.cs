using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Notify.Core.Storage;
using Notify.Dispatcher;
using Notify.Ingest;
using Notify.Tests.Infrastructure;
using Npgsql;

namespace Notify.Tests.Storage;

/// <summary>
/// A service opens at most <see cref="ConnectionPool.DefaultMaxPoolSize"/> connections to PostgreSQL however many
/// queries it runs at once (Npgsql would open 100, and a few replicas exhaust the server's 100), unless its
/// connection string names a pool size.
/// </summary>
public sealed class ConnectionPoolTests
{
    private const int Concurrent = 40;

    public static TheoryData<string> Services => ["ingest", "dispatcher"];

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Concurrent_queries_share_the_default_pool(string service)
    {
        SharedServers servers = await SharedInfrastructure.GetAsync();
        string application = $"pool-{service}-{Guid.NewGuid():N}";
        string connectionString = new NpgsqlConnectionStringBuilder(servers.NotifyDb) { ApplicationName = application }.ConnectionString;
        using IHost host = Create(service, servers, connectionString);

        int opened = await ConnectionsOpenedByAsync(host.Services.GetRequiredService<NpgsqlDataSource>(), servers, application);

        Assert.Equal(ConnectionPool.DefaultMaxPoolSize, opened);
    }

    [Fact]
    public async Task A_pool_size_in_the_connection_string_wins()
    {
        SharedServers servers = await SharedInfrastructure.GetAsync();
        string application = $"pool-given-{Guid.NewGuid():N}";
        string connectionString = new NpgsqlConnectionStringBuilder(servers.NotifyDb) { ApplicationName = application }.ConnectionString + ";Maximum Pool Size=4";
        using IHost host = Create("dispatcher", servers, connectionString);

        int opened = await ConnectionsOpenedByAsync(host.Services.GetRequiredService<NpgsqlDataSource>(), servers, application);

        Assert.Equal(4, opened);
    }

    private static IHost Create(string service, SharedServers servers, string notifyDb)
    {
        var settings = servers.ConnectionStrings.ToDictionary(s => s.Key, s => s.Value);
        settings["ConnectionStrings:notifydb"] = notifyDb;
        string[] args = ["--urls", "http://127.0.0.1:0"];
        return service == "ingest"
            ? IngestApplication.Create(args, builder => builder.Configuration.AddInMemoryCollection(settings))
            : DispatcherApplication.Create(args, builder => builder.Configuration.AddInMemoryCollection(settings));
    }

    /// <summary>Runs <see cref="Concurrent"/> queries at once through <paramref name="dataSource"/>, then counts the server's connections of the application.</summary>
    private static async Task<int> ConnectionsOpenedByAsync(NpgsqlDataSource dataSource, SharedServers servers, string application)
    {
        await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(async _ =>
        {
            await using NpgsqlCommand sleep = dataSource.CreateCommand("SELECT pg_sleep(0.2)");
            await sleep.ExecuteNonQueryAsync();
        }));

        // Pooled connections stay open when idle, so the server still lists every one the pool opened.
        await using var observer = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(servers.NotifyDb) { Pooling = false }.ConnectionString);
        await using NpgsqlCommand count = observer.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1");
        count.Parameters.AddWithValue(application);
        return Convert.ToInt32(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
