using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Notify.Nats.Internal;

namespace Notify.Nats;

public sealed partial class NatsConnection
{
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();
    private Link? _link;
    private Task? _supervisor;
    private volatile NatsConnectionState _state = NatsConnectionState.Closed;

    /// <summary>Where the connection is now.</summary>
    public NatsConnectionState ConnectionState => _state;

    /// <summary>Raised after every successful handshake, the first and each reconnect.</summary>
    public event EventHandler<NatsConnectionEventArgs>? ConnectionOpened;

    /// <summary>Raised when a link drops; the client is reconnecting.</summary>
    public event EventHandler<NatsConnectionEventArgs>? ConnectionDisconnected;

    /// <summary>Raised when a reconnect attempt fails.</summary>
    public event EventHandler<NatsConnectionEventArgs>? ReconnectFailed;

    /// <summary>Connects and handshakes; returns at once when already open.</summary>
    /// <exception cref="NatsAuthException">The server refused the credentials.</exception>
    /// <exception cref="NatsConnectionException">No server could be reached.</exception>
    public async ValueTask ConnectAsync(CancellationToken cancellationToken = default)
    {
        if (_state is NatsConnectionState.Open or NatsConnectionState.Reconnecting)
            return;
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        await _connectGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_state is NatsConnectionState.Open or NatsConnectionState.Reconnecting)
                return;
            _state = NatsConnectionState.Connecting;
            var link = await TryServersAsync(null, cancellationToken).ConfigureAwait(false);
            for (var attempt = 1; link is null && Opts.RetryOnInitialConnect; attempt++)
            {
                await Task.Delay(ReconnectDelay(attempt), cancellationToken).ConfigureAwait(false);
                link = await TryServersAsync(null, cancellationToken).ConfigureAwait(false);
            }
            if (link is null)
            {
                _state = NatsConnectionState.Closed;
                throw (NatsException?)(_lastConnectError as NatsAuthException)
                    ?? new NatsConnectionException($"Could not connect to {Opts.Url}: {_lastConnectError?.Message}", _lastConnectError);
            }
            Opened(link);
            _supervisor = SuperviseAsync(link);
        }
        catch
        {
            if (_state == NatsConnectionState.Connecting)
                _state = NatsConnectionState.Closed;
            throw;
        }
        finally
        {
            _connectGate.Release();
        }
    }

    internal event EventHandler? Reconnected;

    private Exception? _lastConnectError;

    private ValueTask EnsureConnectedAsync(CancellationToken cancellationToken) =>
        _state is NatsConnectionState.Open or NatsConnectionState.Reconnecting ? ValueTask.CompletedTask : ConnectAsync(cancellationToken);

    private void Opened(Link link)
    {
        _link = link;
        _pool.AddConnectUrls(link.Info.ConnectUrls);
        _state = NatsConnectionState.Open;
        NatsLog.Connected(_logger, link.Server.ToString(), link.Info.Version);
        ConnectionOpened?.Invoke(this, new NatsConnectionEventArgs(link.Server.ToString(), null));
    }

    /// <summary>Runs links one after another: when one dies, reconnects with backoff until it succeeds or gives up.</summary>
    private async Task SuperviseAsync(Link link)
    {
        while (true)
        {
            var error = await RunLinkAsync(link).ConfigureAwait(false);
            if (_disposed.IsCancellationRequested)
                return;
            _state = NatsConnectionState.Reconnecting;
            _pings.Reset(new NatsConnectionException("The connection was lost before the PONG came.", error));
            NatsLog.Disconnected(_logger, link.Server.ToString(), error?.Message);
            ConnectionDisconnected?.Invoke(this, new NatsConnectionEventArgs(link.Server.ToString(), error));

            var next = await ReconnectAsync(link.Server).ConfigureAwait(false);
            if (next is null)
            {
                _state = NatsConnectionState.Closed;
                var closed = new NatsConnectionException("The connection closed and could not reconnect.", error);
                foreach (var sub in _subs.Snapshot())
                    sub.OnConnectionClosed(closed);
                return;
            }
            link = next;
            Opened(link);
            Reconnected?.Invoke(this, EventArgs.Empty);
        }
    }

    private async Task<Link?> ReconnectAsync(NatsUri previous)
    {
        for (var attempt = 0; Opts.MaxReconnectRetry < 0 || attempt <= Opts.MaxReconnectRetry; attempt++)
        {
            try
            {
                if (attempt > 0)
                    await Task.Delay(ReconnectDelay(attempt), _disposed.Token).ConfigureAwait(false);
                var link = await TryServersAsync(attempt == 0 ? previous : null, _disposed.Token).ConfigureAwait(false);
                if (link is not null)
                    return link;
                ReconnectFailed?.Invoke(this, new NatsConnectionEventArgs(previous.ToString(), _lastConnectError));
            }
            catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
            {
                return null;
            }
        }
        return null;
    }

    private TimeSpan ReconnectDelay(int attempt)
    {
        var backoff = Opts.ReconnectWaitMin.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20));
        var capped = Math.Min(backoff, Opts.ReconnectWaitMax.TotalMilliseconds);
        var jitter = 1 + Opts.ReconnectJitter * (Random.Shared.NextDouble() * 2 - 1);
        return TimeSpan.FromMilliseconds(capped * jitter);
    }

    private async Task<Link?> TryServersAsync(NatsUri? preferred, CancellationToken cancellationToken)
    {
        foreach (var server in _pool.Ordered(preferred))
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Opts.ConnectTimeout);
            Link? link = null;
            try
            {
                link = await Link.OpenAsync(server, timeout.Token).ConfigureAwait(false);
                await HandshakeAsync(link, timeout.Token).ConfigureAwait(false);
                return link;
            }
            catch (Exception ex) when (ex is NatsException or IOException or System.Net.Sockets.SocketException
                                       || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                _lastConnectError = ex is OperationCanceledException
                    ? new NatsConnectionException($"Connecting to {server} took longer than {Opts.ConnectTimeout.TotalSeconds:0.#} s.")
                    : ex;
                NatsLog.ConnectFailed(_logger, server.ToString(), _lastConnectError.Message);
                if (link is not null)
                    await link.DisposeAsync().ConfigureAwait(false);
            }
        }
        return null;
    }

    /// <summary>Reads INFO, sends CONNECT, every live SUB and a PING straight to the socket, and waits for the PONG.</summary>
    private async Task HandshakeAsync(Link link, CancellationToken cancellationToken)
    {
        var gotInfo = false;
        while (!gotInfo)
            gotInfo = await ReadHandshakeOpAsync(link, expectInfo: true, cancellationToken).ConfigureAwait(false);
        if (link.Info.TlsRequired)
            throw new NatsConnectionException($"{link.Server} requires TLS, which this client does not speak.");

        var hello = new StringBuilder();
        hello.Append("CONNECT ").Append(ConnectJson(link.Server)).Append("\r\n");
        foreach (var sub in _subs.Snapshot())
        {
            hello.Append("SUB ").Append(sub.Subject).Append(' ');
            if (sub.QueueGroup is not null)
                hello.Append(sub.QueueGroup).Append(' ');
            hello.Append(sub.Sid).Append("\r\n");
        }
        hello.Append("PING\r\n");
        await link.Stream.WriteAsync(Encoding.UTF8.GetBytes(hello.ToString()), cancellationToken).ConfigureAwait(false);

        var gotPong = false;
        while (!gotPong)
            gotPong = await ReadHandshakeOpAsync(link, expectInfo: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Handles one server operation during the handshake; true when it was the awaited INFO or PONG.</summary>
    private async Task<bool> ReadHandshakeOpAsync(Link link, bool expectInfo, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await link.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var reader = new SequenceReader<byte>(buffer);
            bool parsed;
            bool done = false;
            string? error = null;
            try
            {
                parsed = ProtocolParser.TryRead(ref reader, out var op);
                if (parsed)
                {
                    switch (op.Kind)
                    {
                        case ServerOpKind.Info:
                            link.Info = ParseInfo(op.Text);
                            done = expectInfo;
                            break;
                        case ServerOpKind.Pong:
                            done = !expectInfo;
                            break;
                        case ServerOpKind.Err:
                            error = Encoding.UTF8.GetString(op.Text);
                            break;
                        case ServerOpKind.Msg:
                            DeliverMsg(ref op);
                            break;
                        default:
                            if (expectInfo)
                                throw new NatsProtocolException("The server did not start with INFO.");
                            break;
                    }
                }
            }
            finally
            {
                link.Reader.AdvanceTo(reader.Position, buffer.End);
            }
            if (error is not null)
                throw error.Contains("Authorization", StringComparison.OrdinalIgnoreCase) || error.Contains("Authentication", StringComparison.OrdinalIgnoreCase)
                    ? new NatsAuthException($"{link.Server} refused the credentials: {error}")
                    : new NatsServerException($"{link.Server} refused the connection: {error}");
            if (parsed)
                return done;
            if (result.IsCompleted)
                throw new NatsConnectionException($"{link.Server} closed the connection during the handshake.");
        }
    }

    private string ConnectJson(NatsUri server)
    {
        var primary = _pool.Primary;
        var user = server.User ?? primary.User ?? Opts.AuthOpts.Username;
        var pass = server.Password ?? primary.Password ?? Opts.AuthOpts.Password;
        var token = server.Token ?? primary.Token ?? Opts.AuthOpts.Token;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteBoolean("verbose", false);
            json.WriteBoolean("pedantic", false);
            json.WriteBoolean("tls_required", false);
            json.WriteBoolean("headers", true);
            json.WriteBoolean("no_responders", true);
            json.WriteString("name", Opts.Name);
            json.WriteString("lang", "dotnet");
            json.WriteString("version", typeof(NatsConnection).Assembly.GetName().Version?.ToString(3) ?? "1.0.0");
            json.WriteNumber("protocol", 1);
            json.WriteBoolean("echo", Opts.Echo);
            if (user is not null) json.WriteString("user", user);
            if (pass is not null) json.WriteString("pass", pass);
            if (token is not null) json.WriteString("auth_token", token);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static NatsServerInfo ParseInfo(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, NatsJsonContext.Default.NatsServerInfo) ?? new NatsServerInfo();
        }
        catch (JsonException ex)
        {
            throw new NatsProtocolException($"INFO is not valid JSON: {ex.Message}");
        }
    }
}

/// <summary>What a connection event is about.</summary>
/// <param name="Server">The server the link went to.</param>
/// <param name="Error">Why it dropped or failed, if known.</param>
public sealed record NatsConnectionEventArgs(string Server, Exception? Error);
