using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Notify.Nats.Internal;

namespace Notify.Nats;

/// <summary>
/// A connection to a NATS server or cluster: publish, subscribe, request/reply, with keepalive and automatic
/// reconnect. Thread-safe; share one per process. Connects on first use if <see cref="ConnectAsync"/> was not called.
/// </summary>
public sealed partial class NatsConnection : IAsyncDisposable
{
    private readonly CommandWriter _writer;
    private readonly PingTracker _pings = new();
    private readonly ServerPool _pool;
    private readonly ILogger _logger;
    private readonly SubscriptionTable _subs = new();
    private readonly string _inboxPrefix;
    private readonly SemaphoreSlim _inboxGate = new(1, 1);
    private ReplyInbox? _replyInbox;

    /// <summary>A connection with <see cref="NatsOpts.Default"/>.</summary>
    public NatsConnection() : this(NatsOpts.Default) { }

    /// <summary>A connection with the given options; nothing happens on the network until it is used.</summary>
    public NatsConnection(NatsOpts opts)
    {
        Opts = opts;
        _pool = new ServerPool(opts.Url);
        _writer = new CommandWriter(opts.WriterBufferSize);
        _logger = opts.LoggerFactory.CreateLogger<NatsConnection>();
        _inboxPrefix = $"{opts.InboxPrefix}.{Nuid.Next()}";
    }

    /// <summary>The options in force.</summary>
    public NatsOpts Opts { get; }

    /// <summary>What the server said of itself on the current link.</summary>
    public NatsServerInfo? ServerInfo => _link?.Info;

    /// <summary>A new unique subject for replies. Two tokens, so it never falls under the request mux's <c>_INBOX.&lt;id&gt;.*</c>.</summary>
    public string NewInbox() => $"{Opts.InboxPrefix}.{Nuid.Next()}";

    /// <summary>Publishes <paramref name="data"/>; returns once the bytes are buffered for the socket.</summary>
    /// <exception cref="NatsPayloadTooLargeException">Headers and payload exceed the server's max_payload.</exception>
    public ValueTask PublishAsync(string subject, ReadOnlyMemory<byte> data = default, NatsHeaders? headers = null,
        string? replyTo = null, CancellationToken cancellationToken = default) =>
        PublishCoreAsync(subject, replyTo, default, 0, headers, data, cancellationToken);

    /// <summary>Subscribes; messages arrive on the returned subscription until it is disposed.</summary>
    public async ValueTask<NatsSubscription> SubscribeCoreAsync(string subject, string? queueGroup = null, CancellationToken cancellationToken = default)
    {
        ValidateSubject(subject, allowWildcards: true);
        var sub = new NatsSubscription(this, subject, queueGroup, Opts.SubPendingChannelCapacity);
        await SubscribeInternalAsync(sub, cancellationToken).ConfigureAwait(false);
        return sub;
    }

    /// <summary>Subscribes and yields messages until <paramref name="cancellationToken"/> fires; unsubscribes at the end.</summary>
    public async IAsyncEnumerable<NatsMsg> SubscribeAsync(string subject, string? queueGroup = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var sub = await SubscribeCoreAsync(subject, queueGroup, cancellationToken).ConfigureAwait(false);
        await foreach (var msg in sub.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            yield return msg;
    }

    /// <summary>Sends a request and waits for the first reply.</summary>
    /// <exception cref="NatsNoRespondersException">Nobody subscribes to <paramref name="subject"/>.</exception>
    /// <exception cref="NatsTimeoutException">No reply within <paramref name="timeout"/> (default <see cref="NatsOpts.RequestTimeout"/>).</exception>
    public async ValueTask<NatsMsg> RequestAsync(string subject, ReadOnlyMemory<byte> data = default, NatsHeaders? headers = null,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var request = await StartRequestAsync(subject, data, headers, cancellationToken).ConfigureAwait(false);
        return await WaitReplyAsync(request, timeout ?? Opts.RequestTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes a request and returns the reply's pending task without waiting for it.</summary>
    internal async ValueTask<PendingRequest> StartRequestAsync(string subject, ReadOnlyMemory<byte> data, NatsHeaders? headers, CancellationToken cancellationToken)
    {
        var inbox = _replyInbox ?? await CreateReplyInboxAsync(cancellationToken).ConfigureAwait(false);
        var request = inbox.Register(subject);
        try
        {
            await PublishCoreAsync(subject, null, inbox.PrefixBytes, request.Token, headers, data, cancellationToken).ConfigureAwait(false);
            return request;
        }
        catch
        {
            inbox.Unregister(request);
            throw;
        }
    }

    /// <summary>
    /// Waits for the reply of a request started with <see cref="StartRequestAsync"/>. A ValueTask, because with a
    /// publish window the reply has usually arrived already and a Task would be one more allocation per message.
    /// </summary>
    internal async ValueTask<NatsMsg> WaitReplyAsync(PendingRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await request.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new NatsTimeoutException($"No reply to the request on '{request.Subject}' within {timeout.TotalMilliseconds:0} ms.");
        }
        finally
        {
            _replyInbox!.Unregister(request);
        }
    }

    /// <summary>Round trip to the server: every command written before it has been processed when it returns.</summary>
    /// <exception cref="NatsTimeoutException">No PONG within <see cref="NatsOpts.RequestTimeout"/>.</exception>
    public async ValueTask<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        var pong = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _writer.WritePingAsync(() => _pings.Sent(pong), cancellationToken).ConfigureAwait(false);
        try
        {
            await pong.Task.WaitAsync(Opts.RequestTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new NatsTimeoutException($"No PONG within {Opts.RequestTimeout.TotalMilliseconds:0} ms.");
        }
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Waits until the server has processed everything written so far.</summary>
    /// <exception cref="NatsTimeoutException">The server did not answer within <see cref="NatsOpts.RequestTimeout"/>.</exception>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default) =>
        await PingAsync(cancellationToken).ConfigureAwait(false);

    internal async ValueTask PublishCoreAsync(string subject, string? replyTo, ReadOnlyMemory<byte> replyPrefix, long replyToken,
        NatsHeaders? headers, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ValidateSubject(subject, allowWildcards: false);
        await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
        var link = _link;
        using var activity = NatsTelemetry.StartPublish(subject, data.Length, link?.Server.Host ?? "", link?.Server.Port ?? 0, ref headers);
        var size = (headers?.GetWireLength() ?? 0) + data.Length;
        var maxPayload = link?.Info.MaxPayload ?? int.MaxValue;
        if (size > maxPayload)
            throw new NatsPayloadTooLargeException(size, maxPayload);
        await _writer.PublishAsync(subject, replyTo, replyPrefix, replyToken, headers, data, cancellationToken).ConfigureAwait(false);
        NatsTelemetry.CountSent(size);
    }

    internal async ValueTask SubscribeInternalAsync(NatsSubBase sub, CancellationToken cancellationToken)
    {
        await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
        _subs.Add(sub);
        var line = sub.QueueGroup is null ? $"SUB {sub.Subject} {sub.Sid}" : $"SUB {sub.Subject} {sub.QueueGroup} {sub.Sid}";
        await _writer.WriteControlAsync(line, cancellationToken).ConfigureAwait(false);
    }

    internal async ValueTask UnsubscribeAsync(NatsSubBase sub)
    {
        if (!_subs.Remove(sub) || ConnectionState is NatsConnectionState.Closed)
            return;
        await _writer.WriteControlAsync($"UNSUB {sub.Sid}", CancellationToken.None).ConfigureAwait(false);
    }

    private async ValueTask<ReplyInbox> CreateReplyInboxAsync(CancellationToken cancellationToken)
    {
        await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
        await _inboxGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_replyInbox is not null)
                return _replyInbox;
            var inbox = new ReplyInbox(this, _inboxPrefix);
            await SubscribeInternalAsync(inbox, cancellationToken).ConfigureAwait(false);
            return _replyInbox = inbox;
        }
        finally
        {
            _inboxGate.Release();
        }
    }

    private static void ValidateSubject(string subject, bool allowWildcards)
    {
        if (string.IsNullOrEmpty(subject) || subject.AsSpan().ContainsAny(" \t\r\n") || subject.StartsWith('.') || subject.EndsWith('.') || subject.Contains("..", StringComparison.Ordinal))
            throw new ArgumentException($"'{subject}' is not a valid subject.", nameof(subject));
        if (!allowWildcards && subject.AsSpan().ContainsAny('*', '>'))
            throw new ArgumentException($"Cannot publish to the wildcard subject '{subject}'.", nameof(subject));
        // '>' stands for the rest of the subject, so it can only be the last token; the server refuses it anywhere else.
        if (subject.StartsWith(">.", StringComparison.Ordinal) || subject.Contains(".>.", StringComparison.Ordinal))
            throw new ArgumentException($"'{subject}' has '>' before its last token.", nameof(subject));
    }
}
