using Notify.Core.Messaging;
using Notify.Core.Storage;
using Npgsql;
using Notify.Nats;

namespace Notify.Dispatcher;

/// <summary>
/// Brings the JetStream layout and the database schema up to date at start, retrying in the background while NATS
/// or PostgreSQL are not there yet, so the process starts (and reports its health) regardless.
/// </summary>
public sealed partial class TopologyInitializer(StreamTopology topology, NpgsqlDataSource database, ILogger<TopologyInitializer> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.WhenAll(
            RetryAsync("JetStream streams", () => topology.EnsureAsync(stoppingToken), stoppingToken),
            RetryAsync("database schema", () => NotifyDatabase.MigrateAsync(database, stoppingToken), stoppingToken));
    }

    private async Task RetryAsync(string what, Func<Task> step, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await step();
                LogReady(what);
                return;
            }
            catch (Exception ex) when (ex is NatsException or NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                LogNotReady(what, ex.Message, delay.TotalSeconds);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "{What} ready")]
    private partial void LogReady(string what);

    [LoggerMessage(LogLevel.Warning, "{What} not ready: {Error}; retrying in {Seconds} s")]
    private partial void LogNotReady(string what, string error, double seconds);
}
