using Microsoft.Extensions.Logging;
using Notify.Core.Status;
using Npgsql;

namespace Notify.Core.Storage;

/// <summary>
/// Stores status events in PostgreSQL, a batch at a time: the notification rows, the deliveries' current state, the
/// timeline, and each notification's derived status, in one transaction and one round trip.
/// </summary>
/// <remarks>
/// Order-insensitive and idempotent: a batch may be applied late, twice, or while another writer applies an
/// overlapping one, and the rows end the same. A delivery's state only yields to a newer event (sent yields to
/// none), counts and times only grow or shrink the way they should (attempts, last attempt up; first attempt, sent
/// time down), and a redelivered event adds no second timeline row.
/// </remarks>
public sealed partial class StatusWriter(NpgsqlDataSource dataSource, ILogger<StatusWriter> logger)
{
    // Writers lock notification rows in id order, so they should not deadlock; if PostgreSQL still picks one as a
    // victim (for instance against another statement touching the same rows), the batch is simply applied again.
    private const int MaxAttempts = 3;

    /// <summary>Applies <paramref name="events"/> in one transaction.</summary>
    /// <param name="events">Events in any order, possibly already applied.</param>
    /// <param name="cancellationToken">Cancels the write (nothing of the batch is kept).</param>
    public async Task WriteBatchAsync(IReadOnlyList<StatusEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
            return;
        StatusBatch status = StatusBatch.From(events);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                // The statements of one NpgsqlBatch run in a single implicit transaction: all of them commit, or none.
                await using NpgsqlBatch batch = dataSource.CreateBatch();
                StatusBatchCommands.AddTo(batch, status);
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure
                                               && attempt < MaxAttempts)
            {
                LogConflictRetry(logger, events.Count, attempt, e.SqlState);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status batch of {EventCount} events lost a lock conflict (SQLSTATE {SqlState}) on attempt {Attempt}; applying it again")]
    private static partial void LogConflictRetry(ILogger logger, int eventCount, int attempt, string sqlState);
}
