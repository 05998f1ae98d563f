using Notify.Core.Messaging;
using Notify.Core.Storage;
using Notify.Dispatcher.Hosting;
using Npgsql;

namespace Notify.Dispatcher;

/// <summary>
/// Brings the JetStream layout and the database schema up to date at start, retrying in the background while NATS
/// or PostgreSQL are not there yet, so the process starts (and reports its health) regardless.
/// </summary>
public sealed partial class TopologyInitializer(StreamTopology topology, NpgsqlDataSource database, ILogger<TopologyInitializer> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(
        Supervised.RunAsync(topology.EnsureAsync, Supervised.Until.Completed, (e, d) => LogNotReady("JetStream streams", e, d), stoppingToken,
            TimeSpan.FromMilliseconds(250)),
        Supervised.RunAsync(ct => NotifyDatabase.MigrateAsync(database, ct), Supervised.Until.Completed, (e, d) => LogNotReady("Database schema", e, d),
            stoppingToken, TimeSpan.FromMilliseconds(250)));

    [LoggerMessage(LogLevel.Warning, "{What} not ready: {Error}; retrying in {Delay}")]
    private partial void LogNotReady(string what, string error, TimeSpan delay);
}
