using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Notify.Nats.Internal;

namespace Notify.Nats.JetStream.Internal;

/// <summary>
/// The inbox a consumer's pull requests answer to. Messages go to a channel; status messages (100 heartbeat,
/// 404/408 end of a request, 409 limits or a deleted consumer, 503 no JetStream) update the bookkeeping.
/// In fetch mode the end of the one request completes the channel; in consume mode it only frees credit.
/// </summary>
internal sealed class PullSubscription : NatsSubBase
{
    private readonly Channel<NatsJSMsg> _msgs = Channel.CreateUnbounded<NatsJSMsg>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly NatsJSContext _context;
    private readonly bool _fetch;
    private long _lastActivity = Stopwatch.GetTimestamp();
    private long _pending;

    public PullSubscription(NatsJSContext context, string inbox, bool fetch) : base(context.Connection, inbox, null)
    {
        _context = context;
        _fetch = fetch;
    }

    public ChannelReader<NatsJSMsg> Msgs => _msgs.Reader;

    /// <summary>Messages requested and neither delivered to the reader nor released by a status.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>Set on a transient failure; the consume loop waits before pulling again.</summary>
    public bool Backoff { get; set; }

    /// <summary>Raised on the reader thread when credit frees up or the request ended.</summary>
    public event Action? CreditChanged;

    public TimeSpan SinceLastActivity => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastActivity));

    public void AddPending(long count) => Interlocked.Add(ref _pending, count);

    /// <summary>The reader took a message: one less outstanding.</summary>
    public void Consumed()
    {
        Interlocked.Decrement(ref _pending);
        CreditChanged?.Invoke();
    }

    public void ResetPending() => Interlocked.Exchange(ref _pending, 0);

    public void Complete(Exception? error = null) => _msgs.Writer.TryComplete(error);

    internal override void Deliver(ref ServerOp op)
    {
        Interlocked.Exchange(ref _lastActivity, Stopwatch.GetTimestamp());
        var msg = ToMsg(ref op);
        if (msg.Headers is { Code: > 0 } status)
            OnStatus(status);
        else
            _msgs.Writer.TryWrite(new NatsJSMsg(msg, _context));
    }

    internal override void OnConnectionClosed(Exception? error) => Complete(error);

    private void OnStatus(NatsHeaders status)
    {
        switch (status.Code)
        {
            case 100:
                return; // idle heartbeat: the request is alive
            case 404 or 408:
                // No messages (no_wait) or the request expired: its unused credit is released.
                if (status.TryGetValue("Nats-Pending-Messages", out var left) && long.TryParse(left, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                    Interlocked.Add(ref _pending, -count);
                else if (_fetch)
                    ResetPending();
                EndOfRequest();
                return;
            case 409 when IsTerminal(status.Message):
                Complete(new NatsJSException($"The consumer cannot be pulled: {status.Message}."));
                return;
            case 409:
                // Leadership change, server shutdown, a limit exceeded: the request is gone; pull again.
                ResetPending();
                Backoff = status.Message?.StartsWith("Exceeded", StringComparison.OrdinalIgnoreCase) == true;
                EndOfRequest();
                return;
            case 503:
                ResetPending();
                Backoff = true;
                if (_fetch)
                    Complete(new NatsJSException("JetStream is not available (503)."));
                else
                    CreditChanged?.Invoke();
                return;
            default:
                Complete(new NatsJSException($"Unexpected pull status {status.Code} {status.Message}."));
                return;
        }
    }

    private void EndOfRequest()
    {
        if (_fetch)
            Complete();
        else
            CreditChanged?.Invoke();
    }

    private static bool IsTerminal(string? message) =>
        message is not null && (message.Contains("Consumer Deleted", StringComparison.OrdinalIgnoreCase)
                                || message.Contains("push based", StringComparison.OrdinalIgnoreCase));
}
