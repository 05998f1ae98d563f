using System.Buffers;
using System.Buffers.Text;

namespace Notify.Nats.Internal;

/// <summary>
/// Reads server operations from the socket's byte stream. Stateless: an incomplete operation is left in the
/// buffer for the next read; bytes that are not protocol raise <see cref="NatsProtocolException"/>.
/// </summary>
internal static class ProtocolParser
{
    /// <summary>Longest control line accepted before the stream is declared garbage.</summary>
    public const int MaxControlLine = 64 * 1024;

    /// <summary>Largest payload accepted from the server, far above any server's max_payload.</summary>
    public const int MaxPayload = 64 * 1024 * 1024;

    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;

    /// <summary>Parses one operation; false when the buffer holds only part of one (the reader is then unmoved).</summary>
    public static bool TryRead(ref SequenceReader<byte> reader, out ServerOp op)
    {
        op = default;
        var startConsumed = reader.Consumed;
        if (!reader.TryReadTo(out ReadOnlySpan<byte> line, Crlf))
        {
            if (reader.Remaining > MaxControlLine)
                throw new NatsProtocolException("Control line too long.");
            return false;
        }
        if (line.Length > MaxControlLine)
            throw new NatsProtocolException("Control line too long.");

        var verbEnd = line.IndexOfAny((byte)' ', (byte)'\t');
        var verb = verbEnd < 0 ? line : line[..verbEnd];
        var args = verbEnd < 0 ? [] : line[(verbEnd + 1)..];

        if (Is(verb, "MSG"u8) || Is(verb, "HMSG"u8))
        {
            var msg = default(ServerOp);
            if (TryReadMsg(ref reader, args, hasHeaders: verb.Length == 4, ref msg))
            {
                op = msg;
                return true;
            }
            reader.Rewind(reader.Consumed - startConsumed);
            return false;
        }
        if (Is(verb, "PING"u8)) { op.Kind = ServerOpKind.Ping; return true; }
        if (Is(verb, "PONG"u8)) { op.Kind = ServerOpKind.Pong; return true; }
        if (Is(verb, "+OK"u8)) { op.Kind = ServerOpKind.Ok; return true; }
        if (Is(verb, "-ERR"u8)) { op.Kind = ServerOpKind.Err; op.Text = args.Trim(" '"u8); return true; }
        if (Is(verb, "INFO"u8)) { op.Kind = ServerOpKind.Info; op.Text = args; return true; }
        throw new NatsProtocolException("Unknown protocol operation.");
    }

    private static bool TryReadMsg(ref SequenceReader<byte> reader, ReadOnlySpan<byte> args, bool hasHeaders, ref ServerOp op)
    {
        Span<Range> parts = stackalloc Range[6];
        var count = Split(args, parts);
        var minimum = hasHeaders ? 4 : 3;
        if (count < minimum || count > minimum + 1)
            throw new NatsProtocolException("Malformed MSG arguments.");

        op.Kind = ServerOpKind.Msg;
        op.Subject = args[parts[0]];
        op.Sid = ParseNumber(args[parts[1]]);
        var hasReply = count == minimum + 1;
        op.ReplyTo = hasReply ? args[parts[2]] : default;
        var sizeIndex = hasReply ? 3 : 2;
        // Checked as 64-bit numbers: a size past int's range must not wrap into a plausible one.
        var headerSize = hasHeaders ? ParseNumber(args[parts[sizeIndex]]) : 0;
        var totalSize = ParseNumber(args[parts[count - 1]]);
        if (totalSize > MaxPayload || headerSize > totalSize || (hasHeaders && headerSize < 10))
            throw new NatsProtocolException("Invalid MSG sizes.");
        var headerLength = (int)headerSize;
        var totalLength = (int)totalSize;

        if (reader.Remaining < totalLength + 2)
            return false;
        if (headerLength > 0)
        {
            op.Headers = new byte[headerLength];
            reader.TryCopyTo(op.Headers);
            reader.Advance(headerLength);
        }
        var payloadLength = totalLength - headerLength;
        op.Payload = payloadLength == 0 ? [] : new byte[payloadLength];
        reader.TryCopyTo(op.Payload);
        reader.Advance(payloadLength);
        if (!reader.IsNext(Crlf, advancePast: true))
            throw new NatsProtocolException("Message payload not followed by CRLF.");
        return true;
    }

    private static int Split(ReadOnlySpan<byte> args, Span<Range> parts)
    {
        var count = 0;
        var i = 0;
        while (i < args.Length)
        {
            while (i < args.Length && (args[i] == ' ' || args[i] == '\t')) i++;
            if (i == args.Length) break;
            var start = i;
            while (i < args.Length && args[i] != ' ' && args[i] != '\t') i++;
            if (count == parts.Length)
                throw new NatsProtocolException("Too many MSG arguments.");
            parts[count++] = new Range(start, i);
        }
        return count;
    }

    private static long ParseNumber(ReadOnlySpan<byte> digits)
    {
        if (!Utf8Parser.TryParse(digits, out long value, out var used) || used != digits.Length || value < 0)
            throw new NatsProtocolException("Expected a non-negative number.");
        return value;
    }

    private static bool Is(ReadOnlySpan<byte> verb, ReadOnlySpan<byte> expected)
    {
        if (verb.Length != expected.Length) return false;
        for (var i = 0; i < verb.Length; i++)
            if ((verb[i] | 0x20) != (expected[i] | 0x20)) return false;
        return true;
    }
}
