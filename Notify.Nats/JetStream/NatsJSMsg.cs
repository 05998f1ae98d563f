using System.Text;
using System.Text.Json;
using Notify.Nats.JetStream.Internal;

namespace Notify.Nats.JetStream;

/// <summary>Options of an acknowledgement.</summary>
public sealed record AckOpts
{
    /// <summary>Wait for the server to confirm the ack (a request instead of a publish).</summary>
    public bool DoubleAck { get; init; }

    /// <summary>For a NAK: redeliver no sooner than this.</summary>
    public TimeSpan? NakDelay { get; init; }
}

/// <summary>A message delivered by a JetStream consumer, with the verbs to settle it.</summary>
public readonly struct NatsJSMsg
{
    private static readonly byte[] Ack = "+ACK"u8.ToArray();
    private static readonly byte[] Nak = "-NAK"u8.ToArray();
    private static readonly byte[] Progress = "+WPI"u8.ToArray();
    private static readonly byte[] Term = "+TERM"u8.ToArray();

    internal NatsJSMsg(NatsMsg msg, NatsJSContext context)
    {
        Msg = msg;
        Context = context;
    }

    /// <summary>The message as received.</summary>
    public NatsMsg Msg { get; }

    /// <summary>The context it came through.</summary>
    public NatsJSContext Context { get; }

    /// <summary>Subject it was stored under.</summary>
    public string Subject => Msg.Subject;

    /// <summary>Payload.</summary>
    public ReadOnlyMemory<byte> Data => Msg.Data;

    /// <summary>Headers, if any.</summary>
    public NatsHeaders? Headers => Msg.Headers;

    /// <summary>Ack subject.</summary>
    public string? ReplyTo => Msg.ReplyTo;

    /// <summary>Delivery count, sequences and timestamp, parsed from the ack subject; null when it is not a JetStream delivery.</summary>
    public NatsJSMsgMetadata? Metadata => NatsJSMsgMetadata.TryParse(Msg.ReplyTo, out var metadata) ? metadata : null;

    /// <summary>Done with it: the server will not deliver it again.</summary>
    public ValueTask AckAsync(AckOpts? opts = null, CancellationToken cancellationToken = default) => SendAsync(Ack, opts, cancellationToken);

    /// <summary>
    /// Could not process it: redeliver, after <see cref="AckOpts.NakDelay"/> when given. Delays are honoured by
    /// nats-server 2.9 when the consumer has no <c>backoff</c> list.
    /// </summary>
    public ValueTask NakAsync(AckOpts? opts = null, CancellationToken cancellationToken = default)
    {
        if (opts?.NakDelay is not { } delay)
            return SendAsync(Nak, opts, cancellationToken);
        var body = Encoding.ASCII.GetBytes("-NAK " + JsonSerializer.Serialize(new NakDelay(delay), JetStreamJson.Default.NakDelay));
        return SendAsync(body, opts, cancellationToken);
    }

    /// <summary>Still working on it: restart the ack wait timer.</summary>
    public ValueTask AckProgressAsync(AckOpts? opts = null, CancellationToken cancellationToken = default) => SendAsync(Progress, opts, cancellationToken);

    /// <summary>Never deliver it again. On a work-queue stream this deletes it: copy it first if it must be kept.</summary>
    public ValueTask AckTerminateAsync(AckOpts? opts = null, CancellationToken cancellationToken = default) => SendAsync(Term, opts, cancellationToken);

    private async ValueTask SendAsync(byte[] body, AckOpts? opts, CancellationToken cancellationToken)
    {
        var ackSubject = Msg.ReplyTo ?? throw new InvalidOperationException("This message has no ack subject.");
        if (opts?.DoubleAck == true)
            await Context.Connection.RequestAsync(ackSubject, body, null, Context.Opts.RequestTimeout, cancellationToken).ConfigureAwait(false);
        else
            await Context.Connection.PublishAsync(ackSubject, body, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
