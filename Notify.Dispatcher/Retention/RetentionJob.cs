using Notify.Core.Storage;
using Notify.Dispatcher.Hosting;
using Notify.Dispatcher.Telemetry;

namespace Notify.Dispatcher.Retention;

/// <summary>
/// Deletes history older than <see cref="RetentionOptions"/> says to keep, every <see cref="RetentionOptions.Interval"/>.
/// Every replica runs it; the one that takes the retention lock does the round, the others skip it. Each kind is
/// deleted a batch at a time until a batch comes back short, so the first round after a long pause works through the
/// backlog without one huge statement, and stopping the host stops it between batches.
/// </summary>
public sealed partial class RetentionJob(
    HistoryRetention retention,
    RetentionOptions options,
    DispatcherTelemetry telemetry,
    TimeProvider time,
    ILogger<RetentionJob> logger) : BackgroundService
{
    private delegate Task<DeletedHistory> DeleteBatch(RetentionSession session, DateTimeOffset before, int limit, CancellationToken cancellationToken);

    /// <summary>Runs one round now, unless another replica is running one.</summary>
    public async Task<RetentionRound> RunOnceAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        await using RetentionSession? session = await retention.TryBeginAsync(cancellationToken);
        if (session is null)
        {
            LogSkipped();
            return RetentionRound.Skipped;
        }

        var now = time.GetUtcNow();
        var deleted = DeletedHistory.None;
        deleted += await DeleteAllAsync(session, now - options.Notifications, static (s, b, l, ct) => s.DeleteNotificationsAsync(b, l, ct),
            static d => d.Notifications, cancellationToken);
        deleted += await DeleteAllAsync(session, now - options.Inbox, static (s, b, l, ct) => s.DeleteInboxMessagesAsync(b, l, ct),
            static d => d.InboxMessages, cancellationToken);
        deleted += await DeleteAllAsync(session, now - options.DeadLetters, static (s, b, l, ct) => s.DeleteDeadLettersAsync(b, l, ct),
            static d => d.DeadLetters, cancellationToken);
        deleted += await DeleteAllAsync(session, now - options.Deferred, static (s, b, l, ct) => s.DeleteDeferredNotificationsAsync(b, l, ct),
            static d => d.DeferredNotifications, cancellationToken);

        var duration = time.GetElapsedTime(started);
        if (deleted.Total > 0)
        {
            LogDeleted(deleted.Notifications, deleted.Deliveries, deleted.DeliveryEvents, deleted.InboxMessages, deleted.DeadLetters,
                deleted.DeferredNotifications, duration);
        }

        return new RetentionRound(true, deleted, duration);
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Enabled
            ? Supervised.RunAsync(EveryIntervalAsync, Supervised.Until.Stopped, LogRoundFailed, stoppingToken)
            : Task.CompletedTask;

    private async Task EveryIntervalAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Interval, time);
        do
            await RunOnceAsync(cancellationToken);
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    private async Task<DeletedHistory> DeleteAllAsync(RetentionSession session, DateTimeOffset before, DeleteBatch delete,
        Func<DeletedHistory, long> rowsOfKind, CancellationToken cancellationToken)
    {
        var deleted = DeletedHistory.None;
        DeletedHistory batch;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            batch = await delete(session, before, options.BatchSize, cancellationToken);
            foreach (var (table, rows) in batch.ByTable())
            {
                if (rows > 0)
                    telemetry.RetentionDeleted(table, rows);
            }

            deleted += batch;
        }
        while (rowsOfKind(batch) == options.BatchSize);

        return deleted;
    }

    [LoggerMessage(LogLevel.Information, "Retention deleted {Notifications} notifications ({Deliveries} deliveries, {DeliveryEvents} events), " +
        "{InboxMessages} inbox messages, {DeadLetters} dead letters and {DeferredNotifications} ended deferrals in {Duration}")]
    private partial void LogDeleted(long notifications, long deliveries, long deliveryEvents, long inboxMessages, long deadLetters,
        long deferredNotifications, TimeSpan duration);

    [LoggerMessage(LogLevel.Debug, "Retention round skipped: another replica holds the retention lock")]
    private partial void LogSkipped();

    [LoggerMessage(LogLevel.Warning, "Retention round failed: {Error}; retrying in {Delay}")]
    private partial void LogRoundFailed(string error, TimeSpan delay);
}
