using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace Notify.Core.Redis.Internal;

/// <summary>
/// One socket to one server, carrying many callers' commands. Writers append a command to an in-memory pipe and its
/// <see cref="PendingReply"/> to a FIFO under one lock, so the FIFO is in wire order; the send loop drains the pipe to
/// the socket in batches; the read loop completes the FIFO's head with each reply. When the socket dies every
/// waiting command fails with <see cref="RedisConnectionException"/> and the link is never used again: nothing is
/// re-sent on the next one.
/// </summary>
internal sealed class RedisLink
{
    private const int OutputPauseThreshold = 1 << 20;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _input;
    private readonly Pipe _output = new(new PipeOptions(
        pauseWriterThreshold: OutputPauseThreshold,
        resumeWriterThreshold: OutputPauseThreshold / 2,
        minimumSegmentSize: 16 * 1024,
        useSynchronizationContext: false));
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ConcurrentQueue<PendingReply> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<RedisResult, bool>? _push;
    private Action<RedisLink>? _closing;
    private volatile bool _open = true;

    private RedisLink(DnsEndPoint endPoint, Socket socket, Func<RedisResult, bool>? push)
    {
        EndPoint = endPoint;
        Name = ConnectionStringParser.Describe(endPoint);
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
        _push = push;
    }

    public DnsEndPoint EndPoint { get; }

    /// <summary><c>host:port</c>.</summary>
    public string Name { get; }

    /// <summary>Whether commands can still be written.</summary>
    public bool IsOpen => _open;

    /// <summary>Ends with the reason the link died, once every waiting command has been failed.</summary>
    public Task<Exception> Completion { get; private set; } = Task.FromResult<Exception>(new InvalidOperationException("not started"));

    /// <summary>
    /// Opens the socket. <paramref name="push"/> sees every reply first and returns true for those that answer no
    /// command (pub/sub messages).
    /// </summary>
    public static async Task<RedisLink> OpenAsync(DnsEndPoint endPoint, Func<RedisResult, bool>? push, CancellationToken cancellationToken)
    {
        var ipv4Only = !Socket.OSSupportsIPv6 || (IPAddress.TryParse(endPoint.Host, out var address) && address.AddressFamily == AddressFamily.InterNetwork);
        var socket = ipv4Only
            ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.NoDelay = true;
        try
        {
            await socket.ConnectAsync(endPoint.Host, endPoint.Port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new RedisLink(endPoint, socket, push);
    }

    /// <summary>Starts the loops; <paramref name="closing"/> runs first thing when the link dies, before commands fail.</summary>
    public void Start(Action<RedisLink> closing)
    {
        _closing = closing;
        Completion = RunAsync();
    }

    /// <summary>
    /// Writes a command and queues <paramref name="reply"/> for its answer; false when the link closed before anything
    /// was written (so the command can go to the next link without having run).
    /// </summary>
    public async ValueTask<bool> TryWriteAsync<TState>(PendingReply reply, TState state, RespCommand<TState> command, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_open)
                return false;
            try
            {
                command(new RespWriter(_output.Writer), state);
            }
            catch
            {
                // Part of the command may be in the buffer, and nothing can take it back out: end the link so that
                // no later command is read by the server as the rest of this one.
                _open = false;
                Abort();
                throw;
            }
            _pending.Enqueue(reply);
            // Not cancellable: the bytes are in the pipe already, and the reply must stay matched to them.
            await _output.Writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Writes one command and waits for its reply (for the handshake and resubscription, which need no deadline sweep).</summary>
    /// <exception cref="RedisConnectionException">The link closed before the command was written.</exception>
    public async Task<RedisResult> RoundTripAsync<TState>(string operation, TState state, RespCommand<TState> command, CancellationToken cancellationToken)
    {
        var reply = new PendingReply(operation, long.MaxValue);
        if (!await TryWriteAsync(reply, state, command, cancellationToken).ConfigureAwait(false))
            throw new RedisConnectionException($"{Name} closed the connection before {operation} was sent.");
        return await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Fails the waiting commands whose deadline is before <paramref name="now"/>; they keep their FIFO place. Deadlines
    /// grow along the FIFO (up to the moments callers waited for the write lock), so the walk stops at the first
    /// command still in time.
    /// </summary>
    public void ExpireOverdue(long now)
    {
        foreach (var reply in _pending)
        {
            if (reply.Deadline > now)
                break;
            if (!reply.Task.IsCompleted)
                reply.TrySetException(new RedisTimeoutException(
                    $"No reply to {reply.Operation} from {Name} within the command timeout ({_pending.Count} commands awaiting replies)."));
        }
    }

    /// <summary>Ends the socket at once; <see cref="Completion"/> follows.</summary>
    public void Abort()
    {
        _stop.Cancel();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // already closed by the peer: nothing left to shut down
        }
        catch (ObjectDisposedException)
        {
            // already torn down by the loops
        }
    }

    private async Task<Exception> RunAsync()
    {
        var read = ReadLoopAsync(_stop.Token);
        var send = SendLoopAsync(_stop.Token);
        var first = await Task.WhenAny(read, send).ConfigureAwait(false);
        var reason = first.Exception?.GetBaseException()
            ?? (first.IsCanceled ? new RedisConnectionException("The connection was closed.") : new RedisConnectionException($"{Name} closed the connection."));
        _open = false;
        _closing?.Invoke(this);
        Abort();
        await AwaitQuietlyAsync(read).ConfigureAwait(false);
        await AwaitQuietlyAsync(send).ConfigureAwait(false);
        // The send loop is gone: completing its reader releases a writer waiting for buffer space.
        await _output.Reader.CompleteAsync().ConfigureAwait(false);
        await _writeGate.WaitAsync().ConfigureAwait(false);
        _writeGate.Release();
        while (_pending.TryDequeue(out var reply))
            reply.TrySetException(new RedisConnectionException(
                $"The connection to {Name} was lost before the reply to {reply.Operation} came; the command may or may not have run. ({reason.Message})",
                reason));
        await _output.Writer.CompleteAsync().ConfigureAwait(false);
        await _input.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        return reason;
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var reader = new SequenceReader<byte>(buffer);
            try
            {
                while (RespParser.TryRead(ref reader, out var reply))
                    Dispatch(reply);
            }
            finally
            {
                _input.AdvanceTo(reader.Position, buffer.End);
            }
            if (result.IsCompleted)
                throw new RedisConnectionException($"{Name} closed the connection.");
        }
    }

    private void Dispatch(RedisResult reply)
    {
        if (_push is not null && _push(reply))
            return;
        if (!_pending.TryDequeue(out var waiting))
            throw new RedisProtocolException($"{Name} sent a reply no command was waiting for.");
        waiting.TrySetResult(reply);
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        var commands = _output.Reader;
        while (true)
        {
            var result = await commands.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                foreach (var segment in buffer)
                    await _stream.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                commands.AdvanceTo(buffer.End);
            }
            if (result.IsCompleted)
                return;
        }
    }

    private static async Task AwaitQuietlyAsync(Task loop)
    {
        try
        {
            await loop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException or RedisException)
        {
            // the loop that did not end first fails only because the link was torn down; the first one's error is the reason
        }
    }
}
