using Notify.Core.Notifications;
using Notify.Dispatcher.Hosting;

namespace Notify.Dispatcher;

/// <summary>Keeps the dispatcher's view of cancelled notifications current.</summary>
public sealed partial class CancellationWatcher(Cancellations cancellations, ILogger<CancellationWatcher> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Supervised.RunAsync(cancellations.WatchAsync, Supervised.Until.Stopped, LogWatchFailed, stoppingToken);

    [LoggerMessage(LogLevel.Warning, "Cannot watch cancellations: {Error}; retrying in {Delay}")]
    private partial void LogWatchFailed(string error, TimeSpan delay);
}
