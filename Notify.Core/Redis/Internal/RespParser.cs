using System.Buffers;
using System.Buffers.Text;

namespace Notify.Core.Redis.Internal;

/// <summary>
/// Reads RESP2 replies from the socket's byte stream. Stateless: an incomplete reply is left in the buffer for the
/// next read (the reader is then unmoved); bytes that are not RESP2 raise <see cref="RedisProtocolException"/>.
/// Sizes are checked before anything is allocated, and nesting is bounded, so no input can exhaust memory or stack.
/// </summary>
internal static class RespParser
{
    /// <summary>Longest status, error or length line accepted before the stream is declared garbage.</summary>
    public const int MaxLineLength = 64 * 1024;

    /// <summary>Largest bulk string accepted: the server's own <c>proto-max-bulk-len</c> default.</summary>
    public const int MaxBulkLength = 512 * 1024 * 1024;

    /// <summary>Deepest nesting of arrays accepted.</summary>
    public const int MaxDepth = 32;

    // Every element takes at least three bytes ("+\r\n"), so an array cannot be complete with fewer left.
    private const int MinElementLength = 3;

    private static readonly byte[] Ok = "OK"u8.ToArray();
    private static readonly byte[] Pong = "PONG"u8.ToArray();
    private static readonly byte[] Queued = "QUEUED"u8.ToArray();

    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;

    /// <summary>Parses one reply; false when the buffer holds only part of one (the reader is then unmoved).</summary>
    public static bool TryRead(ref SequenceReader<byte> reader, out RedisResult result)
    {
        var start = reader.Consumed;
        if (TryReadValue(ref reader, 0, out result))
            return true;
        reader.Rewind(reader.Consumed - start);
        result = default;
        return false;
    }

    private static bool TryReadValue(ref SequenceReader<byte> reader, int depth, out RedisResult result)
    {
        result = default;
        if (!reader.TryPeek(out var type))
            return false;
        if (type is not ((byte)'+' or (byte)'-' or (byte)':' or (byte)'$' or (byte)'*'))
            throw new RedisProtocolException($"Unexpected reply type byte 0x{type:x2}.");
        reader.Advance(1);
        if (!TryReadLine(ref reader, out var line))
            return false;
        switch (type)
        {
            case (byte)'+':
                result = RedisResult.SimpleString(Intern(line));
                return true;
            case (byte)'-':
                result = RedisResult.Error(line.ToArray());
                return true;
            case (byte)':':
                result = RedisResult.Integer(ParseInteger(line));
                return true;
            case (byte)'$':
                return TryReadBulk(ref reader, ParseInteger(line), out result);
            default:
                return TryReadArray(ref reader, ParseInteger(line), depth, out result);
        }
    }

    private static bool TryReadLine(ref SequenceReader<byte> reader, out ReadOnlySpan<byte> line)
    {
        if (!reader.TryReadTo(out line, Crlf))
        {
            if (reader.Remaining > MaxLineLength)
                throw new RedisProtocolException("Reply line too long.");
            return false;
        }
        if (line.Length > MaxLineLength)
            throw new RedisProtocolException("Reply line too long.");
        return true;
    }

    private static bool TryReadBulk(ref SequenceReader<byte> reader, long length, out RedisResult result)
    {
        result = default;
        if (length == -1)
            return true;
        if (length is < -1 or > MaxBulkLength)
            throw new RedisProtocolException($"Invalid bulk string length {length}.");
        if (reader.Remaining < length + 2)
            return false;
        var data = length == 0 ? [] : new byte[length];
        reader.TryCopyTo(data);
        reader.Advance(length);
        if (!reader.IsNext(Crlf, advancePast: true))
            throw new RedisProtocolException("Bulk string not followed by CRLF.");
        result = RedisResult.Bulk(data);
        return true;
    }

    private static bool TryReadArray(ref SequenceReader<byte> reader, long count, int depth, out RedisResult result)
    {
        result = default;
        if (count == -1)
            return true;
        if (count < -1)
            throw new RedisProtocolException($"Invalid array length {count}.");
        if (depth >= MaxDepth)
            throw new RedisProtocolException($"Arrays nested deeper than {MaxDepth}.");
        if (count > reader.Remaining / MinElementLength)
            return false;
        var items = count == 0 ? [] : new RedisResult[count];
        for (var i = 0; i < items.Length; i++)
        {
            if (!TryReadValue(ref reader, depth + 1, out items[i]))
                return false;
        }
        result = RedisResult.Array(items);
        return true;
    }

    private static long ParseInteger(ReadOnlySpan<byte> digits) =>
        Utf8Parser.TryParse(digits, out long value, out var used) && used == digits.Length && digits.Length > 0
            ? value
            : throw new RedisProtocolException("Expected an integer.");

    private static byte[] Intern(ReadOnlySpan<byte> line) =>
        line.SequenceEqual(Ok) ? Ok
        : line.SequenceEqual(Pong) ? Pong
        : line.SequenceEqual(Queued) ? Queued
        : line.ToArray();
}
