using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Notify.Core.Redis;

/// <summary>
/// One reply from the server: a small value, cheap to copy. Read it with the <c>As…</c> methods, which convert
/// between strings and integers the way Redis does and throw <see cref="InvalidCastException"/> otherwise.
/// </summary>
public readonly struct RedisResult
{
    private readonly object? _value; // byte[] for strings and errors, RedisResult[] for arrays
    private readonly long _integer;

    private RedisResult(RedisResultType type, object? value, long integer)
    {
        Type = type;
        _value = value;
        _integer = integer;
    }

    /// <summary>The nil reply.</summary>
    public static RedisResult Null => default;

    /// <summary>What kind of reply this is.</summary>
    public RedisResultType Type { get; }

    /// <summary>Whether the reply is nil (missing key or value).</summary>
    public bool IsNull => Type == RedisResultType.Null;

    /// <summary>The elements of an array reply; empty for nil.</summary>
    public int Length => Type switch
    {
        RedisResultType.Array => ((RedisResult[])_value!).Length,
        RedisResultType.Null => 0,
        _ => throw Cannot("an array"),
    };

    /// <summary>The element at <paramref name="index"/> of an array reply.</summary>
    public RedisResult this[int index] => AsArray()[index];

    internal static RedisResult SimpleString(byte[] text) => new(RedisResultType.SimpleString, text, 0);

    internal static RedisResult Error(byte[] text) => new(RedisResultType.Error, text, 0);

    internal static RedisResult Integer(long value) => new(RedisResultType.Integer, null, value);

    internal static RedisResult Bulk(byte[] data) => new(RedisResultType.BulkString, data, 0);

    internal static RedisResult Array(RedisResult[] items) => new(RedisResultType.Array, items, 0);

    /// <summary>Whether this is a string reply holding exactly <paramref name="text"/>, compared without decoding.</summary>
    internal bool Is(ReadOnlySpan<byte> text) =>
        Type is RedisResultType.BulkString or RedisResultType.SimpleString && ((byte[])_value!).AsSpan().SequenceEqual(text);

    /// <summary>The reply as text; null for nil. Integers are formatted, strings and errors decoded as UTF-8.</summary>
    public string? AsString() => Type switch
    {
        RedisResultType.Null => null,
        RedisResultType.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        RedisResultType.Array => throw Cannot("a string"),
        _ => Encoding.UTF8.GetString((byte[])_value!),
    };

    /// <summary>The reply's bytes; null for nil.</summary>
    public byte[]? AsBytes() => Type switch
    {
        RedisResultType.Null => null,
        RedisResultType.Integer => Encoding.ASCII.GetBytes(_integer.ToString(CultureInfo.InvariantCulture)),
        RedisResultType.Array => throw Cannot("bytes"),
        _ => (byte[])_value!,
    };

    /// <summary>The reply as an integer: an integer reply, or a string holding one.</summary>
    public long AsInt64()
    {
        if (Type == RedisResultType.Integer)
            return _integer;
        if (Type is RedisResultType.BulkString or RedisResultType.SimpleString
            && Utf8Parser.TryParse((byte[])_value!, out long value, out var used) && used == ((byte[])_value!).Length)
            return value;
        throw Cannot("an integer");
    }

    /// <summary>The reply as an integer, or null for nil.</summary>
    public long? AsNullableInt64() => IsNull ? null : AsInt64();

    /// <summary>Integer 1 or <c>OK</c> as true; integer 0 or nil as false.</summary>
    public bool AsBoolean() => Type switch
    {
        RedisResultType.Null => false,
        RedisResultType.Integer => _integer != 0,
        RedisResultType.SimpleString => true,
        _ => AsInt64() != 0,
    };

    /// <summary>The elements of an array reply; empty for nil.</summary>
    public RedisResult[] AsArray() => Type switch
    {
        RedisResultType.Array => (RedisResult[])_value!,
        RedisResultType.Null => [],
        _ => throw Cannot("an array"),
    };

    /// <summary>The reply for display: text, number, <c>(nil)</c>, or a bracketed list.</summary>
    public override string ToString() => Type switch
    {
        RedisResultType.Null => "(nil)",
        RedisResultType.Array => "[" + string.Join(", ", AsArray()) + "]",
        _ => AsString()!,
    };

    private InvalidCastException Cannot(string what) => new($"A Redis {Type} reply cannot be read as {what}.");
}
