using Notify.AppHost.Hosting;
using Notify.Nats;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Nats;

/// <summary>Connections to the run's shared nats-server, and the deadlines Nats tests wait with.</summary>
internal static class SharedNats
{
    /// <summary>How long a test waits for something that normally takes milliseconds.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>A connected client of the shared server; <paramref name="opts"/> may change anything but the URL.</summary>
    public static async Task<NatsConnection> ConnectAsync(NatsOpts? opts = null)
    {
        InfrastructureHost host = await SharedInfrastructure.GetAsync();
        var connection = new NatsConnection((opts ?? NatsOpts.Default) with { Url = host.Nats.ConnectionString, Name = "notify-tests" });
        await connection.ConnectAsync();
        return connection;
    }

    /// <summary>A token that fires after <see cref="Deadline"/>, for reads that must not hang a failing test.</summary>
    public static CancellationToken DeadlineToken() => new CancellationTokenSource(Deadline).Token;
}
