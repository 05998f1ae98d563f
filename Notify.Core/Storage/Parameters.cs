using Npgsql;
using NpgsqlTypes;

namespace Notify.Core.Storage;

/// <summary>Positional parameters (<c>$1</c>, <c>$2</c>…) typed by their CLR type, so nothing is boxed or guessed.</summary>
internal static class Parameters
{
    public static NpgsqlParameter<T> Value<T>(T value) => new() { TypedValue = value };

    /// <summary>A <c>timestamptz</c>: PostgreSQL keeps instants, Npgsql accepts only offset zero.</summary>
    public static NpgsqlParameter<DateTimeOffset> Time(DateTimeOffset value) => new() { TypedValue = value.ToUniversalTime() };

    public static NpgsqlParameter<DateTimeOffset?> Time(DateTimeOffset? value) => new() { TypedValue = value?.ToUniversalTime() };

    /// <summary>A <c>jsonb</c> value from its text.</summary>
    public static NpgsqlParameter<string?> Jsonb(string? json) => new() { TypedValue = json, NpgsqlDbType = NpgsqlDbType.Jsonb };

    /// <summary>An optional text value (NULL when null).</summary>
    public static NpgsqlParameter<string?> Text(string? value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Text };

    /// <summary>A page size kept within bounds, plus one row to learn whether another page follows.</summary>
    public static int PageLimit(int limit, int max) => Math.Clamp(limit, 1, max) + 1;
}
