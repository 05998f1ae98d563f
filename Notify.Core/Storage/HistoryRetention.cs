using Npgsql;

namespace Notify.Core.Storage;

/// <summary>
/// Deletes history older than its retention age, a batch per statement. Every dispatcher replica runs the job; a
/// PostgreSQL advisory lock lets one of them at a time do the work, so replicas do not fight over the same rows.
/// </summary>
public sealed class HistoryRetention(NpgsqlDataSource dataSource)
{
    // pg_try_advisory_lock key of the retention job ("Notify" in ASCII, then 2; the migrations use 1).
    private const long LockKey = 0x4E6F_7469_6679_0002;

    /// <summary>
    /// Takes the retention lock if no other session holds it. The lock is held by a connection of its own, which the
    /// returned session deletes through, until the session is disposed (or the connection dies).
    /// </summary>
    /// <returns>The session, or null when another replica holds the lock.</returns>
    public async Task<RetentionSession?> TryBeginAsync(CancellationToken cancellationToken = default)
    {
        NpgsqlConnection connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
            command.Parameters.Add(Parameters.Value(LockKey));
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
                return new RetentionSession(connection, LockKey);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }
}
