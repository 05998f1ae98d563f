using Notify.Core.Templates;
using Notify.Dispatcher.Hosting;

namespace Notify.Dispatcher;

/// <summary>Subscribes the template directory to template change announcements.</summary>
public sealed partial class TemplateDirectoryStarter(TemplateDirectory directory, ILogger<TemplateDirectoryStarter> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Supervised.RunAsync(directory.StartAsync, Supervised.Until.Completed, LogNotStarted, stoppingToken);

    [LoggerMessage(LogLevel.Warning, "Template cache invalidation not subscribed yet: {Error}; retrying in {Delay}")]
    private partial void LogNotStarted(string error, TimeSpan delay);
}
