using System.Text;

namespace Notify.Core.Redis;

/// <summary>
/// One command argument: text, bytes or a number, written to the wire without boxing. Converts implicitly from
/// <see cref="string"/>, <see cref="long"/>, <see cref="int"/>, <see cref="double"/>, <c>byte[]</c> and
/// <see cref="ReadOnlyMemory{T}"/> of bytes; <c>default</c> is the empty string.
/// </summary>
public readonly struct RedisValue
{
    internal enum ValueKind : byte
    {
        Text,
        Bytes,
        Integer,
        Double,
    }

    internal RedisValue(ValueKind kind, string? text, ReadOnlyMemory<byte> bytes, long integer)
    {
        Kind = kind;
        Text = text;
        Bytes = bytes;
        Integer = integer;
    }

    internal ValueKind Kind { get; }

    internal string? Text { get; }

    internal ReadOnlyMemory<byte> Bytes { get; }

    internal long Integer { get; }

    /// <summary>A text argument, sent as UTF-8.</summary>
    public static implicit operator RedisValue(string value) =>
        new(ValueKind.Text, value ?? throw new ArgumentNullException(nameof(value), "A Redis argument cannot be null."), default, 0);

    /// <summary>A binary argument.</summary>
    public static implicit operator RedisValue(byte[] value) =>
        new(ValueKind.Bytes, null, value ?? throw new ArgumentNullException(nameof(value), "A Redis argument cannot be null."), 0);

    /// <summary>A binary argument.</summary>
    public static implicit operator RedisValue(ReadOnlyMemory<byte> value) => new(ValueKind.Bytes, null, value, 0);

    /// <summary>An integer argument, sent in decimal.</summary>
    public static implicit operator RedisValue(long value) => new(ValueKind.Integer, null, default, value);

    /// <summary>An integer argument, sent in decimal.</summary>
    public static implicit operator RedisValue(int value) => new(ValueKind.Integer, null, default, value);

    /// <summary>A floating-point argument, sent in its shortest round-trip form.</summary>
    public static implicit operator RedisValue(double value) =>
        new(ValueKind.Double, null, default, BitConverter.DoubleToInt64Bits(value));

    /// <summary>A text argument, sent as UTF-8.</summary>
    public static RedisValue FromString(string value) => value;

    /// <summary>A binary argument.</summary>
    public static RedisValue FromBytes(ReadOnlyMemory<byte> value) => value;

    /// <summary>An integer argument.</summary>
    public static RedisValue FromInt64(long value) => value;

    /// <summary>A floating-point argument.</summary>
    public static RedisValue FromDouble(double value) => value;

    /// <summary>Converts the argument types <c>RedisConnection.ExecuteAsync</c> accepts.</summary>
    internal static RedisValue FromObject(object? value, int position) => value switch
    {
        string text => text,
        long number => number,
        int number => number,
        double number => number,
        byte[] bytes => bytes,
        ReadOnlyMemory<byte> memory => memory,
        Memory<byte> memory => (ReadOnlyMemory<byte>)memory,
        RedisValue redisValue => redisValue,
        null => throw new ArgumentNullException($"args[{position}]", "A Redis argument cannot be null."),
        _ => throw new ArgumentException(
            $"args[{position}] is a {value.GetType().Name}; Redis arguments are string, long, int, double, byte[] or ReadOnlyMemory<byte>.",
            $"args[{position}]"),
    };

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ValueKind.Text => Text ?? "",
        ValueKind.Bytes => Encoding.UTF8.GetString(Bytes.Span),
        ValueKind.Integer => Integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => BitConverter.Int64BitsToDouble(Integer).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
    };
}
