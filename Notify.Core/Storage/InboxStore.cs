using Npgsql;

namespace Notify.Core.Storage;

/// <summary>The in-app inbox: the in-app channel adds to it, the app lists it and marks messages read.</summary>
public sealed class InboxStore(NpgsqlDataSource dataSource)
{
    /// <summary>The largest page <see cref="ListAsync"/> returns.</summary>
    public const int MaxPageSize = 200;

    private const string Columns = "id, tenant, user_id, notification_id, type, title, body, created_at, data, read_at";

    /// <summary>
    /// Adds <paramref name="message"/> unless its notification is in the inbox already (a redelivered in-app send).
    /// </summary>
    /// <returns>True when added now; false when the notification's message was there.</returns>
    public async Task<bool> AddAsync(InboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await using NpgsqlCommand command = dataSource.CreateCommand($"""
            INSERT INTO inbox_messages ({Columns})
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT DO NOTHING
            """);
        command.Parameters.Add(Parameters.Value(message.Id));
        command.Parameters.Add(Parameters.Value(message.Tenant));
        command.Parameters.Add(Parameters.Value(message.UserId));
        command.Parameters.Add(Parameters.Value(message.NotificationId));
        command.Parameters.Add(Parameters.Value(message.Type));
        command.Parameters.Add(Parameters.Text(message.Title));
        command.Parameters.Add(Parameters.Value(message.Body));
        command.Parameters.Add(Parameters.Time(message.CreatedAt));
        command.Parameters.Add(Parameters.Jsonb(message.Data?.GetRawText()));
        command.Parameters.Add(Parameters.Time(message.ReadAt));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>A user's inbox, newest first.</summary>
    /// <param name="tenant">Tenant.</param>
    /// <param name="userId">User.</param>
    /// <param name="limit">Page size (1 to <see cref="MaxPageSize"/>).</param>
    /// <param name="after">Where the previous page ended; null for the first page.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<Page<InboxMessage>> ListAsync(string tenant, string userId, int limit = 50, PageCursor? after = null,
        CancellationToken cancellationToken = default)
    {
        int rows = Parameters.PageLimit(limit, MaxPageSize);
        await using NpgsqlCommand command = dataSource.CreateCommand(after is null
            ? $"SELECT {Columns} FROM inbox_messages WHERE tenant = $1 AND user_id = $2 ORDER BY created_at DESC, id DESC LIMIT $3"
            : $"""
               SELECT {Columns} FROM inbox_messages
               WHERE tenant = $1 AND user_id = $2 AND (created_at, id) < ($4, $5)
               ORDER BY created_at DESC, id DESC LIMIT $3
               """);
        command.Parameters.Add(Parameters.Value(tenant));
        command.Parameters.Add(Parameters.Value(userId));
        command.Parameters.Add(Parameters.Value(rows));
        if (after is { } cursor)
        {
            command.Parameters.Add(Parameters.Time(cursor.At));
            command.Parameters.Add(Parameters.Value(cursor.Id));
        }

        var items = new List<InboxMessage>(rows);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(new InboxMessage(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetGuid(3), reader.GetString(4),
                reader.GetStringOrNull(5), reader.GetString(6), reader.GetTime(7))
            {
                Data = reader.GetJsonOrNull(8),
                ReadAt = reader.GetTimeOrNull(9),
            });
        }

        return Paging.ToPage(items, rows, m => new PageCursor(m.CreatedAt, m.Id));
    }

    /// <summary>Marks a message read (keeping the first read time).</summary>
    /// <returns>False when the user has no such message.</returns>
    public async Task<bool> MarkReadAsync(string tenant, string userId, Guid id, CancellationToken cancellationToken = default)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand("""
            UPDATE inbox_messages SET read_at = coalesce(read_at, now())
            WHERE id = $1 AND tenant = $2 AND user_id = $3
            """);
        command.Parameters.Add(Parameters.Value(id));
        command.Parameters.Add(Parameters.Value(tenant));
        command.Parameters.Add(Parameters.Value(userId));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}
