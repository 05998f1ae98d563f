using System.Text;
using Notify.Nats.Internal;

namespace Notify.Nats;

/// <summary>A subscription as the connection sees it: a sid, a subject, and a way to take delivered messages.</summary>
public abstract class NatsSubBase
{
    private string? _lastSubject;

    internal NatsSubBase(NatsConnection connection, string subject, string? queueGroup)
    {
        Connection = connection;
        Subject = subject;
        QueueGroup = queueGroup;
    }

    /// <summary>The connection this subscription lives on.</summary>
    public NatsConnection Connection { get; }

    /// <summary>The subject (may hold wildcards).</summary>
    public string Subject { get; }

    /// <summary>The queue group, if any.</summary>
    public string? QueueGroup { get; }

    internal long Sid { get; set; }

    /// <summary>Takes one message on the connection's reader; must not block.</summary>
    internal abstract void Deliver(ref ServerOp op);

    /// <summary>Called when the connection closes for good.</summary>
    internal abstract void OnConnectionClosed(Exception? error);

    /// <summary>Builds the message, reusing the subject string when it repeats (as it does on most subscriptions).</summary>
    internal NatsMsg ToMsg(ref ServerOp op)
    {
        var headers = op.Headers is null ? null : NatsHeaders.FromWire(op.Headers);
        var replyTo = op.ReplyTo.IsEmpty ? null : Encoding.UTF8.GetString(op.ReplyTo);
        return new NatsMsg(SubjectOf(op.Subject), replyTo, headers, op.Payload, Connection);
    }

    /// <remarks>
    /// Compared as ASCII against the string itself, so a subject that changes every time (the replies on the
    /// request inbox) costs one string and no cached copy of its bytes. A non-ASCII subject never matches and is
    /// decoded each time, which is only slower.
    /// </remarks>
    private string SubjectOf(ReadOnlySpan<byte> subject)
    {
        if (_lastSubject is not null && Ascii.Equals(subject, _lastSubject))
            return _lastSubject;
        return _lastSubject = Encoding.UTF8.GetString(subject);
    }
}
