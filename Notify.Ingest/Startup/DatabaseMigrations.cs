using Notify.Core.Storage;
using Npgsql;

namespace Notify.Ingest.Startup;

/// <summary>
/// Creates the database if it is missing (and the role may) and brings its schema up to date, retrying in the
/// background until PostgreSQL answers. Accepting never waits for it: only the reads and user settings need it.
/// </summary>
internal sealed partial class DatabaseMigrations(NpgsqlDataSource dataSource, IConfiguration configuration, ILogger<DatabaseMigrations> logger)
    : BackgroundService
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = FirstDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (configuration.GetConnectionString("notifydb") is { Length: > 0 } connectionString
                    && await NotifyDatabase.EnsureDatabaseExistsAsync(connectionString, stoppingToken).ConfigureAwait(false) == DatabaseCreation.Created)
                    LogCreated(logger);
                var applied = await NotifyDatabase.MigrateAsync(dataSource, stoppingToken).ConfigureAwait(false);
                LogMigrated(logger, applied.Count == 0 ? "none (schema current)" : string.Join(", ", applied));
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                LogUnreachable(logger, attempt, delay.TotalSeconds, ex.Message);
            }
            await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database created")]
    private static partial void LogCreated(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database migrations applied: {Migrations}")]
    private static partial void LogMigrated(ILogger logger, string migrations);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL unreachable for migrations (attempt {Attempt}, next in {DelaySeconds} s): {Error}")]
    private static partial void LogUnreachable(ILogger logger, int attempt, double delaySeconds, string error);
}
