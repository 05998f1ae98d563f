using Microsoft.Extensions.Hosting;
using Notify.Core.Redis;

namespace Notify.ServiceDefaults.Integrations;

/// <summary>
/// Starts connecting when the host starts rather than on the first command. The connection is made with
/// <c>abortConnect=false</c>, so this returns after the first attempt whatever its outcome, and the connection keeps
/// retrying in the background: a service starts (and reports itself unhealthy) while Redis is down.
/// </summary>
internal sealed class RedisConnectionStarter(RedisConnection connection) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await connection.ConnectAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host stopped during the first attempt: nothing to connect for any more.
        }
    }
}
