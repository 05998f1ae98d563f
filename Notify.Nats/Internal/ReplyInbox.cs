using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Text;

namespace Notify.Nats.Internal;

/// <summary>
/// One wildcard subscription (<c>_INBOX.&lt;id&gt;.*</c>) that takes the replies of every request on the
/// connection; the last token of the reply subject finds the waiting request.
/// </summary>
internal sealed class ReplyInbox : NatsSubBase
{
    private readonly ConcurrentDictionary<long, PendingRequest> _pending = new();
    private long _nextToken;

    public ReplyInbox(NatsConnection connection, string prefix) : base(connection, prefix + ".*", null)
    {
        PrefixBytes = Encoding.ASCII.GetBytes(prefix + ".");
    }

    /// <summary>The reply subject without its token, as bytes for the command writer.</summary>
    public byte[] PrefixBytes { get; }

    public PendingRequest Register(string subject)
    {
        var request = new PendingRequest(Interlocked.Increment(ref _nextToken), subject);
        _pending[request.Token] = request;
        return request;
    }

    public void Unregister(PendingRequest request) => _pending.TryRemove(request.Token, out _);

    internal override void Deliver(ref ServerOp op)
    {
        if (!op.Subject.StartsWith(PrefixBytes))
            return;
        var token = op.Subject[PrefixBytes.Length..];
        if (!Utf8Parser.TryParse(token, out long id, out var used) || used != token.Length)
            return;
        if (!_pending.TryRemove(id, out var request))
            return; // the request timed out or was cancelled; a late reply has nobody to go to
        var msg = ToMsg(ref op);
        if (msg.Headers is { Code: 503 })
            request.TrySetException(new NatsNoRespondersException(request.Subject));
        else
            request.TrySetResult(msg);
    }

    internal override void OnConnectionClosed(Exception? error)
    {
        foreach (var request in _pending.Values)
            request.TrySetException(new NatsConnectionException("The connection closed before the reply came.", error));
        _pending.Clear();
    }
}

/// <summary>A request waiting for its reply.</summary>
internal sealed class PendingRequest(long token, string subject)
    : TaskCompletionSource<NatsMsg>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public long Token { get; } = token;
    public string Subject { get; } = subject;
}
