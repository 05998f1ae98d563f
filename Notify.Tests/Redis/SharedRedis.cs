using Notify.Tests.Infrastructure;
using StackExchange.Redis;

namespace Notify.Tests.Redis;

/// <summary>Connections to the run's shared redis-server, and the deadlines Redis tests wait with.</summary>
internal static class SharedRedis
{
    /// <summary>How long a test waits for something that normally takes milliseconds.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>The shared server's connection string.</summary>
    public static async Task<string> ConnectionStringAsync()
    {
        SharedServers servers = await SharedInfrastructure.GetAsync();
        return servers.Redis;
    }

    /// <summary>A connected client of the shared server (or of <paramref name="connectionString"/>).</summary>
    public static async Task<ConnectionMultiplexer> ConnectAsync(string? connectionString = null) =>
        await ConnectionMultiplexer.ConnectAsync(connectionString ?? await ConnectionStringAsync());

    /// <summary>A TCP port nothing listens on (bound, then released).</summary>
    public static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
