using Npgsql;

namespace Notify.Core.Storage;

/// <summary>Statements of an <see cref="NpgsqlBatch"/>.</summary>
internal static class Statements
{
    public static NpgsqlBatchCommand Of(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }
}
