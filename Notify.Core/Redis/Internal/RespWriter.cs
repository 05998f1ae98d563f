using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Notify.Core.Redis.Internal;

/// <summary>Writes a command as a RESP2 array of bulk strings straight into the connection's output buffer.</summary>
internal readonly struct RespWriter(IBufferWriter<byte> output)
{
    private const int MaxHeaderLength = 1 + 20 + 2; // type byte, a long in decimal, CRLF

    /// <summary>Starts a command: its name, then <paramref name="argumentCount"/> arguments follow.</summary>
    public void WriteCommand(string name, int argumentCount)
    {
        WriteHeader((byte)'*', argumentCount + 1);
        Write(name);
    }

    public void Write(string text)
    {
        WriteHeader((byte)'$', Encoding.UTF8.GetByteCount(text));
        Encoding.UTF8.GetBytes(text, output);
        WriteCrlf();
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        WriteHeader((byte)'$', bytes.Length);
        while (!bytes.IsEmpty)
        {
            var span = output.GetSpan();
            var chunk = Math.Min(span.Length, bytes.Length);
            bytes[..chunk].CopyTo(span);
            output.Advance(chunk);
            bytes = bytes[chunk..];
        }
        WriteCrlf();
    }

    public void Write(long value)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, digits, out var length);
        Write(digits[..length]);
    }

    public void Write(double value)
    {
        Span<byte> text = stackalloc byte[32];
        if (double.IsPositiveInfinity(value))
            Write("+inf"u8);
        else if (double.IsNegativeInfinity(value))
            Write("-inf"u8);
        else if (value.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture))
            Write(text[..length]);
        else
            Write(value.ToString("R", CultureInfo.InvariantCulture));
    }

    public void Write(in RedisValue value)
    {
        switch (value.Kind)
        {
            case RedisValue.ValueKind.Text:
                Write(value.Text ?? ""); // default(RedisValue)
                break;
            case RedisValue.ValueKind.Bytes:
                Write(value.Bytes.Span);
                break;
            case RedisValue.ValueKind.Integer:
                Write(value.Integer);
                break;
            default:
                Write(BitConverter.Int64BitsToDouble(value.Integer));
                break;
        }
    }

    private void WriteHeader(byte type, long length)
    {
        var span = output.GetSpan(MaxHeaderLength);
        span[0] = type;
        Utf8Formatter.TryFormat(length, span[1..], out var written);
        span[1 + written] = (byte)'\r';
        span[2 + written] = (byte)'\n';
        output.Advance(3 + written);
    }

    private void WriteCrlf()
    {
        var span = output.GetSpan(2);
        span[0] = (byte)'\r';
        span[1] = (byte)'\n';
        output.Advance(2);
    }
}

/// <summary>Writes one command for <typeparamref name="TState"/>; a static lambda, so the call allocates nothing.</summary>
internal delegate void RespCommand<TState>(RespWriter writer, in TState state);
