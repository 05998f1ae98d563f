using System.Runtime.CompilerServices;
using Notify.Nats.JetStream.Internal;
using Notify.Nats.JetStream.Models;

namespace Notify.Nats.JetStream;

/// <summary>A pull consumer: fetch batches, or consume continuously with a pull always open.</summary>
public sealed class NatsJSConsumer
{
    private readonly NatsJSContext _context;
    private readonly string _nextSubject;

    internal NatsJSConsumer(NatsJSContext context, ConsumerInfo info)
    {
        _context = context;
        Info = info;
        _nextSubject = $"{context.Opts.ApiPrefix}.CONSUMER.MSG.NEXT.{info.StreamName}.{info.Name}";
    }

    /// <summary>Configuration and state as of the call that returned this object.</summary>
    public ConsumerInfo Info { get; private set; }

    /// <summary>Reads the info again (for example to see <see cref="ConsumerInfo.NumPending"/>, the lag).</summary>
    public async ValueTask RefreshAsync(CancellationToken cancellationToken = default) =>
        Info = (await _context.GetConsumerAsync(Info.StreamName, Info.Name, cancellationToken).ConfigureAwait(false)).Info;

    /// <summary>One pull request: yields up to <see cref="NatsJSFetchOpts.MaxMsgs"/> messages, ending early when the request expires.</summary>
    public async IAsyncEnumerable<NatsJSMsg> FetchAsync(NatsJSFetchOpts? opts = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        opts ??= NatsJSFetchOpts.Default;
        var heartbeat = opts.NoWait ? TimeSpan.Zero : HeartbeatFor(opts.Expires, opts.IdleHeartbeat, requireLong: true);
        var sub = new PullSubscription(_context, _context.Connection.NewInbox(), fetch: true);
        await _context.Connection.SubscribeInternalAsync(sub, cancellationToken).ConfigureAwait(false);
        try
        {
            await PullAsync(sub, new PullRequest
            {
                Batch = opts.MaxMsgs, MaxBytes = opts.MaxBytes, NoWait = opts.NoWait,
                Expires = opts.NoWait ? TimeSpan.Zero : opts.Expires, IdleHeartbeat = heartbeat,
            }, cancellationToken).ConfigureAwait(false);

            // Without heartbeats, give the server the expiry plus a margin to answer before giving up.
            var silence = heartbeat > TimeSpan.Zero ? heartbeat * 2 : opts.Expires + _context.Opts.RequestTimeout;
            var received = 0;
            while (received < opts.MaxMsgs && await WaitToReadAsync(sub, silence, cancellationToken).ConfigureAwait(false))
            {
                while (received < opts.MaxMsgs && sub.Msgs.TryRead(out var msg))
                {
                    received++;
                    yield return msg;
                }
            }
        }
        finally
        {
            await _context.Connection.UnsubscribeAsync(sub).ConfigureAwait(false);
        }
    }

    /// <summary>Yields what is available now, up to <see cref="NatsJSFetchOpts.MaxMsgs"/>, without waiting for more.</summary>
    public IAsyncEnumerable<NatsJSMsg> FetchNoWaitAsync(NatsJSFetchOpts? opts = null, CancellationToken cancellationToken = default) =>
        FetchAsync((opts ?? NatsJSFetchOpts.Default) with { NoWait = true }, cancellationToken);

    /// <summary>The next message, or null when none arrives within <paramref name="expires"/> (default 30 s).</summary>
    public async ValueTask<NatsJSMsg?> NextAsync(TimeSpan? expires = null, CancellationToken cancellationToken = default)
    {
        await foreach (var msg in FetchAsync(new NatsJSFetchOpts { MaxMsgs = 1, Expires = expires ?? TimeSpan.FromSeconds(30) }, cancellationToken).ConfigureAwait(false))
            return msg;
        return null;
    }

    /// <summary>
    /// Yields messages until cancelled, keeping pull requests open so that the server always has somewhere to deliver
    /// (and, on 2.9, a request to raise MAX_DELIVERIES advisories against). Pulls again at the threshold, after a
    /// request expires, when heartbeats stop, and after a reconnect.
    /// </summary>
    public async IAsyncEnumerable<NatsJSMsg> ConsumeAsync(NatsJSConsumeOpts? opts = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        opts ??= NatsJSConsumeOpts.Default;
        var heartbeat = HeartbeatFor(opts.Expires, opts.IdleHeartbeat, requireLong: false);
        var threshold = opts.ThresholdMsgs > 0 ? opts.ThresholdMsgs : Math.Max(1, opts.MaxMsgs / 2);
        var sub = new PullSubscription(_context, _context.Connection.NewInbox(), fetch: false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var wake = new SemaphoreSlim(0, int.MaxValue);
        sub.CreditChanged += Wake;
        void Wake()
        {
            if (sub.Pending <= threshold && wake.CurrentCount == 0)
                wake.Release();
        }
        void OnReconnected(object? sender, EventArgs e)
        {
            sub.ResetPending();
            Wake();
        }
        _context.Connection.Reconnected += OnReconnected;
        await _context.Connection.SubscribeInternalAsync(sub, cancellationToken).ConfigureAwait(false);
        var puller = KeepPullingAsync(sub, opts, heartbeat, threshold, wake, stop.Token);
        try
        {
            while (await sub.Msgs.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (sub.Msgs.TryRead(out var msg))
                {
                    sub.Consumed();
                    yield return msg;
                }
            }
        }
        finally
        {
            _context.Connection.Reconnected -= OnReconnected;
            await stop.CancelAsync().ConfigureAwait(false);
            await _context.Connection.UnsubscribeAsync(sub).ConfigureAwait(false);
            await puller.ConfigureAwait(false);
            wake.Dispose();
        }
    }

    private async Task KeepPullingAsync(PullSubscription sub, NatsJSConsumeOpts opts, TimeSpan heartbeat, int threshold,
        SemaphoreSlim wake, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (sub.Backoff)
                {
                    sub.Backoff = false;
                    await Task.Delay(opts.RetryWait, cancellationToken).ConfigureAwait(false);
                }
                var credit = opts.MaxMsgs - sub.Pending;
                if (sub.Pending <= threshold && credit > 0 && _context.Connection.ConnectionState == NatsConnectionState.Open)
                {
                    sub.AddPending(credit);
                    try
                    {
                        await PullAsync(sub, new PullRequest { Batch = (int)credit, Expires = opts.Expires, IdleHeartbeat = heartbeat }, cancellationToken).ConfigureAwait(false);
                    }
                    catch (NatsException)
                    {
                        sub.AddPending(-credit); // not sent; the next round tries again
                        sub.Backoff = true;
                    }
                }
                if (!await wake.WaitAsync(heartbeat, cancellationToken).ConfigureAwait(false) && sub.SinceLastActivity > heartbeat * 2)
                    sub.ResetPending(); // heartbeats stopped: the server has forgotten our requests
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the consumer's reader stopped
        }
        catch (Exception ex)
        {
            sub.Complete(ex);
        }
    }

    private ValueTask PullAsync(PullSubscription sub, PullRequest request, CancellationToken cancellationToken) =>
        _context.Connection.PublishAsync(_nextSubject, NatsJSContext.Serialize(request, JetStreamJson.Default.PullRequest), null, sub.Subject, cancellationToken);

    private static async ValueTask<bool> WaitToReadAsync(PullSubscription sub, TimeSpan silence, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(silence);
            try
            {
                return await sub.Msgs.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                if (sub.SinceLastActivity >= silence)
                    return false; // heartbeats stopped: the request is lost
            }
        }
    }

    private static TimeSpan HeartbeatFor(TimeSpan expires, TimeSpan configured, bool requireLong)
    {
        if (configured > TimeSpan.Zero)
            return configured;
        if (requireLong && expires < TimeSpan.FromSeconds(2))
            return TimeSpan.Zero;
        var half = expires / 2;
        return half > TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(30) : half;
    }
}
