using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Notify.Core.Redis.Internal;

/// <summary>
/// Keeps one <see cref="RedisLink"/> of a kind alive: connects on first use, handshakes (AUTH, SELECT, name), hands
/// the link to commands, and when it dies reconnects in the background with backoff until disposed. Commands that
/// find no link wait for the next one, within their own deadline.
/// </summary>
internal sealed partial class LinkSupervisor : IAsyncDisposable
{
    private static readonly TimeSpan MinSweepPeriod = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MaxSweepPeriod = TimeSpan.FromMilliseconds(250);

    private readonly RedisOptions _options;
    private readonly RedisConnectionKind _kind;
    private readonly ILogger _logger;
    private readonly Func<RedisResult, bool>? _push;
    private readonly Func<RedisLink, CancellationToken, Task>? _opened;
    private readonly Action<RedisConnectionEventArgs> _connected;
    private readonly Action<RedisConnectionEventArgs> _failed;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _sync = new();
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _commandTimeoutTicks;
    private TaskCompletionSource<RedisLink> _next = NewWaiter();
    private volatile RedisLink? _current;
    private volatile Exception? _lastError;
    private Task? _supervisor;
    private Timer? _sweeper;
    private bool _closed;

    /// <param name="options">Endpoints, credentials, timeouts, backoff.</param>
    /// <param name="kind">Which socket this is, for events and logs.</param>
    /// <param name="push">Sees every reply first; true for those that answer no command.</param>
    /// <param name="opened">Runs on every new link after the handshake, before commands get it.</param>
    /// <param name="connected">Raised after every successful (re)connect.</param>
    /// <param name="failed">Raised when a link drops or an attempt fails.</param>
    public LinkSupervisor(RedisOptions options, RedisConnectionKind kind, Func<RedisResult, bool>? push,
        Func<RedisLink, CancellationToken, Task>? opened, Action<RedisConnectionEventArgs> connected, Action<RedisConnectionEventArgs> failed)
    {
        _options = options;
        _kind = kind;
        _push = push;
        _opened = opened;
        _connected = connected;
        _failed = failed;
        _logger = options.LoggerFactory.CreateLogger<RedisConnection>();
        _commandTimeoutTicks = (long)(options.CommandTimeout.TotalSeconds * Stopwatch.Frequency);
    }

    public bool IsConnected => _current is { IsOpen: true };

    /// <summary>Why there is no link: the last failed attempt or drop; null while connected and before the first attempt.</summary>
    public Exception? ConnectionError => IsConnected ? null : _lastError;

    /// <summary>The server of the current link, else the first configured one.</summary>
    public System.Net.DnsEndPoint EndPoint => _current?.EndPoint ?? _options.EndPoints[0];

    /// <summary>Connects now; waits for the first attempt, and throws its error when <see cref="RedisOptions.AbortOnConnectFail"/>.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        EnsureStarted();
        await _firstAttempt.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!IsConnected && _options.AbortOnConnectFail && _lastError is { } error)
            throw error as RedisConnectionException ?? new RedisConnectionException($"Could not connect to Redis at {Describe()}: {error.Message}", error);
    }

    /// <summary>Writes a command on the current link (waiting for one if needed) and returns its reply.</summary>
    public async Task<RedisResult> SendAsync<TState>(string operation, TState state, RespCommand<TState> command, CancellationToken cancellationToken)
    {
        var reply = new PendingReply(operation, Stopwatch.GetTimestamp() + _commandTimeoutTicks);
        while (true)
        {
            var link = _current;
            if (link is not { IsOpen: true })
                link = await WaitForLinkAsync(operation, reply.Deadline, cancellationToken).ConfigureAwait(false);
            if (await link.TryWriteAsync(reply, state, command, cancellationToken).ConfigureAwait(false))
                break;
        }
        return cancellationToken.CanBeCanceled
            ? await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false)
            : await reply.Task.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        Task? supervisor;
        Timer? sweeper;
        lock (_sync)
        {
            if (_closed)
                return;
            _closed = true;
            supervisor = _supervisor;
            sweeper = _sweeper;
        }
        await _disposed.CancelAsync().ConfigureAwait(false);
        if (sweeper is not null)
            await sweeper.DisposeAsync().ConfigureAwait(false);
        if (supervisor is not null)
            await supervisor.ConfigureAwait(false);
        lock (_sync)
            _next.TrySetException(new ObjectDisposedException(nameof(RedisConnection), "The Redis connection was disposed."));
        _firstAttempt.TrySetResult();
        _disposed.Dispose();
    }

    private async ValueTask<RedisLink> WaitForLinkAsync(string operation, long deadline, CancellationToken cancellationToken)
    {
        EnsureStarted();
        Task<RedisLink> next;
        lock (_sync)
            next = _next.Task;
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
        try
        {
            if (remaining > TimeSpan.Zero)
                return await next.WaitAsync(remaining, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // reported below, with the reason the connection is down
        }
        var error = _lastError;
        var why = error is null ? "" : $": {error.Message}";
        throw error is RedisAuthenticationException
            ? new RedisAuthenticationException($"{operation} was not sent: {error.Message}", error)
            : new RedisConnectionException(
                $"{operation} was not sent: no connection to Redis at {Describe()} within {_options.CommandTimeout.TotalMilliseconds:0} ms{why}", error);
    }

    private void EnsureStarted()
    {
        if (_supervisor is not null)
            return;
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_closed, typeof(RedisConnection));
            if (_supervisor is not null)
                return;
            var period = TimeSpan.FromTicks(Math.Clamp(_options.CommandTimeout.Ticks / 20, MinSweepPeriod.Ticks, MaxSweepPeriod.Ticks));
            _sweeper = new Timer(static state => ((LinkSupervisor)state!).Sweep(), this, period, period);
            _supervisor = Task.Run(SuperviseAsync);
        }
    }

    private void Sweep() => _current?.ExpireOverdue(Stopwatch.GetTimestamp());

    private string Describe() => ConnectionStringParser.Describe(EndPoint);

    private static TaskCompletionSource<RedisLink> NewWaiter() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
