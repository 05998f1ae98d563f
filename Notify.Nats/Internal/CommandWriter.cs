using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Text;

namespace Notify.Nats.Internal;

/// <summary>
/// Serialises client commands into an in-memory pipe that outlives any one socket: the send loop drains it to
/// the current socket, and while the client reconnects it keeps what was written (up to the writer buffer size,
/// after which writers wait). Writers hold a lock only to copy bytes, so concurrent publishers batch naturally.
/// </summary>
internal sealed class CommandWriter(int bufferSize)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Pipe _pipe = new(new PipeOptions(
        pauseWriterThreshold: bufferSize,
        resumeWriterThreshold: bufferSize / 2,
        minimumSegmentSize: 16 * 1024,
        useSynchronizationContext: false));

    public PipeReader Reader => _pipe.Reader;

    /// <summary>Writes PUB or HPUB; <paramref name="replyPrefix"/> + <paramref name="replyToken"/> form a request's reply subject.</summary>
    public async ValueTask PublishAsync(string subject, string? replyTo, ReadOnlyMemory<byte> replyPrefix, long replyToken,
        NatsHeaders? headers, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            WritePublish(subject, replyTo, replyPrefix.Span, replyToken, headers, payload.Span);
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes a control line such as SUB, UNSUB, PING or PONG.</summary>
    public async ValueTask WriteControlAsync(string line, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var writer = _pipe.Writer;
            var span = writer.GetSpan(line.Length * 3 + 2);
            var length = Encoding.UTF8.GetBytes(line, span);
            "\r\n"u8.CopyTo(span[length..]);
            writer.Advance(length + 2);
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes PING; <paramref name="onWritten"/> runs under the lock so PONGs match PINGs in wire order.</summary>
    public async ValueTask WritePingAsync(Action onWritten, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            onWritten();
            var writer = _pipe.Writer;
            "PING\r\n"u8.CopyTo(writer.GetSpan(6));
            writer.Advance(6);
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Ends the pipe; the send loop sees completion after draining.</summary>
    public void Complete() => _pipe.Writer.Complete();

    private ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken) => _pipe.Writer.FlushAsync(cancellationToken);

    private void WritePublish(string subject, string? replyTo, ReadOnlySpan<byte> replyPrefix, long replyToken,
        NatsHeaders? headers, ReadOnlySpan<byte> payload)
    {
        var headerLength = headers?.GetWireLength() ?? 0;
        var total = headerLength + payload.Length;
        // Control line: verb, subject, reply, two numbers, separators; bounded by the UTF-8 worst case.
        var lineMax = 5 + subject.Length * 3 + (replyTo?.Length * 3 ?? 0) + replyPrefix.Length + 20 + 24 + 8;
        var writer = _pipe.Writer;
        var span = writer.GetSpan(lineMax + total + 2);
        var at = 0;
        if (headers is null)
        {
            "PUB "u8.CopyTo(span);
            at = 4;
        }
        else
        {
            "HPUB "u8.CopyTo(span);
            at = 5;
        }
        at += Encoding.UTF8.GetBytes(subject, span[at..]);
        span[at++] = (byte)' ';
        if (replyTo is not null)
        {
            at += Encoding.UTF8.GetBytes(replyTo, span[at..]);
            span[at++] = (byte)' ';
        }
        else if (!replyPrefix.IsEmpty)
        {
            replyPrefix.CopyTo(span[at..]);
            at += replyPrefix.Length;
            Utf8Formatter.TryFormat(replyToken, span[at..], out var tokenLength);
            at += tokenLength;
            span[at++] = (byte)' ';
        }
        if (headers is not null)
        {
            Utf8Formatter.TryFormat(headerLength, span[at..], out var written);
            at += written;
            span[at++] = (byte)' ';
        }
        Utf8Formatter.TryFormat(total, span[at..], out var totalWritten);
        at += totalWritten;
        span[at++] = (byte)'\r';
        span[at++] = (byte)'\n';
        if (headers is not null)
        {
            headers.WriteTo(span[at..]);
            at += headerLength;
        }
        payload.CopyTo(span[at..]);
        at += payload.Length;
        span[at++] = (byte)'\r';
        span[at++] = (byte)'\n';
        writer.Advance(at);
    }
}
