using System.Buffers;
using System.Text;
using Notify.Nats.Internal;

namespace Notify.Nats;

public sealed partial class NatsConnection
{
    /// <summary>Runs the read, send and ping loops of one link; returns why the link ended.</summary>
    private async Task<Exception?> RunLinkAsync(Link link)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
        var loops = new[] { ReadLoopAsync(link, stop.Token), SendLoopAsync(link, stop.Token), PingLoopAsync(stop.Token) };
        var first = await Task.WhenAny(loops).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        link.Abort();
        var errors = new List<Exception>();
        foreach (var loop in loops)
        {
            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException || loop != first)
            {
                // the loops that did not end first fail only because the link was torn down
            }
            catch (Exception ex)
            {
                errors.Add(ex);
            }
        }
        await link.DisposeAsync().ConfigureAwait(false);
        return errors.FirstOrDefault();
    }

    private async Task ReadLoopAsync(Link link, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await link.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var reader = new SequenceReader<byte>(buffer);
            try
            {
                while (ProtocolParser.TryRead(ref reader, out var op))
                    HandleOp(link, ref op);
            }
            finally
            {
                link.Reader.AdvanceTo(reader.Position, buffer.End);
            }
            if (result.IsCompleted)
                throw new NatsConnectionException($"{link.Server} closed the connection.");
        }
    }

    /// <summary>Drains the command pipe to the socket; what was not sent stays in the pipe for the next link.</summary>
    private async Task SendLoopAsync(Link link, CancellationToken cancellationToken)
    {
        var commands = _writer.Reader;
        while (true)
        {
            var result = await commands.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var sent = false;
            try
            {
                foreach (var segment in buffer)
                    await link.Stream.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
                sent = true;
            }
            finally
            {
                // A partly written buffer is written again whole on the next link: commands are at-least-once,
                // and JetStream publishes carry Nats-Msg-Id for exactly that reason.
                commands.AdvanceTo(sent ? buffer.End : buffer.Start);
            }
            if (result.IsCompleted)
                return;
        }
    }

    private async Task PingLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Opts.PingInterval);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_pings.Outstanding >= Opts.MaxPingOut)
                throw new NatsConnectionException($"The server did not answer {Opts.MaxPingOut} pings: the link is dead.");
            await _writer.WritePingAsync(() => _pings.Sent(null), cancellationToken).ConfigureAwait(false);
        }
    }

    private void HandleOp(Link link, ref ServerOp op)
    {
        switch (op.Kind)
        {
            case ServerOpKind.Msg:
                DeliverMsg(ref op);
                break;
            case ServerOpKind.Ping:
                _ = ReplyPongAsync();
                break;
            case ServerOpKind.Pong:
                _pings.PongReceived();
                break;
            case ServerOpKind.Info:
                link.Info = ParseInfo(op.Text);
                _pool.AddConnectUrls(link.Info.ConnectUrls);
                if (link.Info.LameDuckMode)
                    NatsLog.LameDuck(_logger, link.Server.ToString());
                break;
            case ServerOpKind.Err:
                // Fatal errors are followed by the server closing the socket, which the read loop reports.
                NatsLog.ServerError(_logger, link.Server.ToString(), Encoding.UTF8.GetString(op.Text));
                break;
            case ServerOpKind.Ok:
                break;
        }
    }

    private void DeliverMsg(ref ServerOp op)
    {
        NatsTelemetry.CountReceived((op.Headers?.Length ?? 0) + op.Payload.Length);
        if (_subs.TryGet(op.Sid, out var sub))
            sub.Deliver(ref op);
    }

    private async Task ReplyPongAsync()
    {
        try
        {
            await _writer.WriteControlAsync("PONG", _disposed.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            // closing: the server no longer needs an answer
        }
    }

    /// <summary>
    /// Unsubscribes everything, lets the server process what was written, then closes. Messages already delivered
    /// to subscriptions stay readable until their channels are drained.
    /// </summary>
    public async ValueTask DrainAsync(CancellationToken cancellationToken = default)
    {
        // Subscriptions stay in the table until the PONG: messages the server sent before it processed an UNSUB
        // are still on their way and must reach their subscription.
        var drained = _state == NatsConnectionState.Open ? _subs.Snapshot() : [];
        try
        {
            foreach (var sub in drained)
                await _writer.WriteControlAsync($"UNSUB {sub.Sid}", cancellationToken).ConfigureAwait(false);
            if (drained.Length > 0)
                await PingAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var sub in drained)
                if (_subs.Remove(sub))
                    sub.OnConnectionClosed(null);
        }
        await DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Closes the connection at once; waiting calls fail and subscriptions end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
            return;
        await _disposed.CancelAsync().ConfigureAwait(false);
        _link?.Abort();
        if (_supervisor is not null)
            await _supervisor.ConfigureAwait(false);
        _state = NatsConnectionState.Closed;
        _writer.Complete();
        var closed = new NatsConnectionException("The connection was closed.");
        _pings.Reset(closed);
        _replyInbox?.OnConnectionClosed(closed);
        foreach (var sub in _subs.Snapshot())
            sub.OnConnectionClosed(null);
        _disposed.Dispose();
    }
}
