using Notify.Core.Users;
using Notify.Dispatcher.Hosting;

namespace Notify.Dispatcher;

/// <summary>Subscribes the user directory to cache invalidations.</summary>
public sealed partial class UserDirectoryStarter(UserDirectory directory, ILogger<UserDirectoryStarter> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Supervised.RunAsync(directory.StartAsync, Supervised.Until.Completed, LogNotStarted, stoppingToken);

    [LoggerMessage(LogLevel.Warning, "User cache invalidation not subscribed yet: {Error}; retrying in {Delay}")]
    private partial void LogNotStarted(string error, TimeSpan delay);
}
