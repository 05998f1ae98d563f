using Notify.AppHost.Hosting;
using Notify.Core.Redis;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Redis;

/// <summary>Connections to the run's shared redis-server, and the deadlines Redis tests wait with.</summary>
internal static class SharedRedis
{
    /// <summary>How long a test waits for something that normally takes milliseconds.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>The shared server's options; <paramref name="configure"/> may change anything but the endpoint.</summary>
    public static async Task<RedisOptions> OptionsAsync(Func<RedisOptions, RedisOptions>? configure = null)
    {
        InfrastructureHost host = await SharedInfrastructure.GetAsync();
        RedisOptions options = RedisOptions.Parse(host.Redis.ConnectionString) with { ClientName = "notify-tests" };
        return configure?.Invoke(options) ?? options;
    }

    /// <summary>A connected client of the shared server.</summary>
    public static async Task<RedisConnection> ConnectAsync(Func<RedisOptions, RedisOptions>? configure = null)
    {
        var connection = new RedisConnection(await OptionsAsync(configure));
        await connection.ConnectAsync();
        return connection;
    }

    /// <summary>A token that fires after <see cref="Deadline"/>, for reads that must not hang a failing test.</summary>
    public static CancellationToken DeadlineToken() => new CancellationTokenSource(Deadline).Token;

    /// <summary>A TCP port nothing listens on (bound, then released).</summary>
    public static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
