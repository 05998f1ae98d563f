using Notify.Core.Users;
using Notify.Nats;

namespace Notify.Dispatcher;

/// <summary>Subscribes the user directory to cache invalidations, retrying while NATS is not there yet.</summary>
public sealed partial class UserDirectoryStarter(UserDirectory directory, ILogger<UserDirectoryStarter> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await directory.StartAsync(stoppingToken);
                return;
            }
            catch (NatsException ex)
            {
                LogNotStarted(ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "User cache invalidation not subscribed yet: {Error}; retrying")]
    private partial void LogNotStarted(string error);
}
