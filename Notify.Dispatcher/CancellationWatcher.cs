using Notify.Core.Notifications;
using Notify.Nats;

namespace Notify.Dispatcher;

/// <summary>Keeps the dispatcher's view of cancelled notifications current, retrying while NATS is away.</summary>
public sealed partial class CancellationWatcher(Cancellations cancellations, ILogger<CancellationWatcher> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await cancellations.WatchAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (NatsException ex)
            {
                LogWatchFailed(ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Cannot watch cancellations: {Error}; retrying")]
    private partial void LogWatchFailed(string error);
}
