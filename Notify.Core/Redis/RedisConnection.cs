using Notify.Core.Redis.Internal;

namespace Notify.Core.Redis;

/// <summary>
/// A multiplexed connection to Redis: one socket shared by every caller, commands pipelined and replies matched in
/// order. Thread-safe; share one per process. Connects on first use (or <see cref="ConnectAsync"/>) and reconnects
/// in the background after a drop; commands written before a drop fail with <see cref="RedisConnectionException"/>
/// and are never re-sent. Subscriptions use a second socket of their own, opened on the first
/// <see cref="SubscribeAsync"/>.
/// </summary>
/// <example>
/// <code>
/// await using var redis = new RedisConnection(configuration.GetConnectionString("redis")!);
/// if (await redis.StringSetAsync($"notify:dedup:{id}", "1", TimeSpan.FromHours(24), When.NotExists))
///     await SendAsync(notification);
/// </code>
/// </example>
public sealed partial class RedisConnection : IAsyncDisposable
{
    // Commands that would change the shared socket's state under every other caller's feet: pub/sub mode, a
    // transaction other callers' commands would fall into, another database, RESP3, or replies turned off.
    private static readonly HashSet<string> SharedStateCommands = new(StringComparer.OrdinalIgnoreCase)
    {
        "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "MONITOR", "MULTI", "EXEC", "DISCARD", "WATCH", "UNWATCH",
        "SELECT", "RESET", "HELLO", "AUTH",
    };

    private readonly LinkSupervisor _interactive;
    private int _disposed;

    /// <summary>A connection with the given options; nothing happens on the network until it is used.</summary>
    public RedisConnection(RedisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.EndPoints.Count == 0)
            throw new ArgumentException("RedisOptions.EndPoints is empty.", nameof(options));
        if (options.ClientName is { } name && (name.Length == 0 || name.AsSpan().ContainsAny(" \t\r\n")))
            throw new ArgumentException($"'{name}' is not a valid client name: it must be non-empty, without spaces.", nameof(options));
        Options = options;
        _interactive = new LinkSupervisor(options, RedisConnectionKind.Interactive, push: null, opened: null,
            args => Connected?.Invoke(this, args), args => ConnectionFailed?.Invoke(this, args));
    }

    /// <summary>A connection for a connection string in the StackExchange.Redis format (see <see cref="RedisOptions.Parse"/>).</summary>
    public RedisConnection(string connectionString) : this(RedisOptions.Parse(connectionString)) { }

    /// <summary>The options in force.</summary>
    public RedisOptions Options { get; }

    /// <summary>Whether the command socket is connected and handshaken now.</summary>
    public bool IsConnected => _interactive.IsConnected;

    /// <summary>
    /// Why the command socket is down: the error of the last failed attempt or of the drop (a
    /// <see cref="RedisAuthenticationException"/> when the credentials were refused); null while connected.
    /// </summary>
    public Exception? ConnectionError => _interactive.ConnectionError;

    /// <summary>Raised after every successful handshake of either socket, the first and each reconnect.</summary>
    public event EventHandler<RedisConnectionEventArgs>? Connected;

    /// <summary>Raised when a socket drops (the client reconnects in the background) or a connect attempt fails.</summary>
    public event EventHandler<RedisConnectionEventArgs>? ConnectionFailed;

    /// <summary>
    /// Connects the command socket now and waits for the first attempt. When it failed this throws if
    /// <see cref="RedisOptions.AbortOnConnectFail"/>, and otherwise returns; either way the connection keeps trying
    /// in the background.
    /// </summary>
    /// <exception cref="RedisAuthenticationException">The server refused the credentials.</exception>
    /// <exception cref="RedisConnectionException">No server could be reached.</exception>
    public Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _interactive.ConnectAsync(cancellationToken);
    }

    /// <summary>Round trip to the server: every command written before it has been processed when it returns.</summary>
    public async Task<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await SendAsync("PING", 0, static (writer, in _) => writer.WriteCommand("PING", 0), cancellationToken).ConfigureAwait(false);
        return System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }

    /// <summary>
    /// Sends any command: <c>ExecuteAsync("HINCRBY", key, field, 1)</c>. Arguments are <see cref="string"/>,
    /// <see cref="long"/>, <see cref="int"/>, <see cref="double"/>, <c>byte[]</c> or <see cref="ReadOnlyMemory{T}"/> of bytes.
    /// </summary>
    /// <remarks>
    /// The socket is shared, so commands that change its state are refused: subscribe with <see cref="SubscribeAsync"/>,
    /// make several commands atomic with a script (<see cref="ScriptEvaluateAsync"/>) rather than <c>MULTI</c>, and choose
    /// the database in the options. A blocking command (<c>BLPOP</c> …) holds up every caller behind it.
    /// </remarks>
    /// <exception cref="ArgumentException">An argument has an unsupported type, or the command is one of those refused.</exception>
    /// <exception cref="RedisServerException">The server answered with an error.</exception>
    /// <exception cref="RedisTimeoutException">No reply within <see cref="RedisOptions.CommandTimeout"/>.</exception>
    /// <exception cref="RedisConnectionException">No connection, or it was lost before the reply.</exception>
    public Task<RedisResult> ExecuteAsync(string command, params object[] args)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        ArgumentNullException.ThrowIfNull(args);
        if (SharedStateCommands.Contains(command) || IsClientReply(command, args))
            throw new ArgumentException(
                $"{command} would change the state of the socket every caller shares; see the remarks of ExecuteAsync for what to use instead.",
                nameof(command));
        // Converted (and so validated) before anything is written: a bad argument must not leave half a command on the wire.
        var values = new RedisValue[args.Length];
        for (var i = 0; i < args.Length; i++)
            values[i] = RedisValue.FromObject(args[i], i);
        return SendAsync(command.ToUpperInvariant(), (command, values), static (writer, in state) =>
        {
            writer.WriteCommand(state.command, state.values.Length);
            foreach (var value in state.values)
                writer.Write(value);
        }, CancellationToken.None);
    }

    /// <summary>The core of every command: a span when traced, one write, one reply, server errors thrown.</summary>
    internal async Task<RedisResult> SendAsync<TState>(string operation, TState state, RespCommand<TState> command, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        using var activity = RedisTelemetry.StartCommand(Options, operation, _interactive.EndPoint);
        try
        {
            var result = await _interactive.SendAsync(operation, state, command, cancellationToken).ConfigureAwait(false);
            return result.Type == RedisResultType.Error ? throw new RedisServerException(result.ToString()) : result;
        }
        catch (Exception ex) when (activity is not null)
        {
            RedisTelemetry.Failed(activity, ex);
            throw;
        }
    }

    /// <summary>Closes both sockets at once; waiting commands fail and subscriptions end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await _interactive.DisposeAsync().ConfigureAwait(false);
        SubscriptionHub? subscriptions;
        lock (_subscriptionsGate)
            subscriptions = _subscriptions;
        if (subscriptions is not null)
            await subscriptions.DisposeAsync().ConfigureAwait(false);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);

    /// <summary><c>CLIENT REPLY OFF|SKIP</c> would leave commands without the replies the FIFO waits for.</summary>
    private static bool IsClientReply(string command, object[] args) =>
        command.Equals("CLIENT", StringComparison.OrdinalIgnoreCase) && args is [string sub, ..]
        && sub.Equals("REPLY", StringComparison.OrdinalIgnoreCase);
}
