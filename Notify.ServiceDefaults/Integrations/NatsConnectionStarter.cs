using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Notify.Nats;

namespace Notify.ServiceDefaults.Integrations;

/// <summary>
/// Connects in the background when the host starts, retrying until the server is there, so a service starts
/// (and reports itself unhealthy) while NATS is briefly down.
/// </summary>
internal sealed partial class NatsConnectionStarter(NatsConnection connection, ILogger<NatsConnectionStarter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await connection.ConnectAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host stopped before the server came up: nothing to connect for any more.
        }
        catch (NatsException exception)
        {
            LogConnectFailed(logger, exception, connection.Opts.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "NATS connection {ConnectionName} could not be established")]
    private static partial void LogConnectFailed(ILogger logger, Exception exception, string connectionName);
}
