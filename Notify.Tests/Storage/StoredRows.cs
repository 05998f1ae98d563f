using Npgsql;

namespace Notify.Tests.Storage;

/// <summary>
/// Everything stored about a notification as text, without its id and the timeline's row ids, so that two
/// notifications given the same events in different orders can be compared row for row.
/// </summary>
internal static class StoredRows
{
    public static async Task<string> OfAsync(NpgsqlDataSource dataSource, Guid id)
    {
        await using NpgsqlBatch batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command("SELECT (to_jsonb(n) - 'id')::text FROM notifications n WHERE id = $1", id));
        batch.BatchCommands.Add(Command("SELECT (to_jsonb(d) - 'notification_id')::text FROM deliveries d WHERE notification_id = $1 ORDER BY channel", id));
        batch.BatchCommands.Add(Command("""
            SELECT (to_jsonb(e) - 'id' - 'notification_id')::text FROM delivery_events e
            WHERE notification_id = $1 ORDER BY at, channel, kind, attempt
            """, id));
        var rows = new List<string>();
        await using NpgsqlDataReader reader = await batch.ExecuteReaderAsync();
        do
        {
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }
        }
        while (await reader.NextResultAsync());

        return string.Join('\n', rows);
    }

    public static async Task<long> CountAsync(NpgsqlDataSource dataSource, string sql, params object[] values)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand(sql);
        foreach (object value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static NpgsqlBatchCommand Command(string sql, Guid id) => new(sql) { Parameters = { new NpgsqlParameter<Guid> { TypedValue = id } } };
}
