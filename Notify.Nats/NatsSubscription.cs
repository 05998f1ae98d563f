using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Notify.Nats.Internal;

namespace Notify.Nats;

/// <summary>
/// A core subscription. Messages wait in a bounded channel; when the reader falls behind by more than
/// <see cref="NatsOpts.SubPendingChannelCapacity"/> new ones are dropped and counted, so one slow reader never
/// stalls the connection.
/// </summary>
public sealed class NatsSubscription : NatsSubBase, IAsyncDisposable
{
    private readonly Channel<NatsMsg> _channel;
    private long _dropped;
    private int _disposed;

    internal NatsSubscription(NatsConnection connection, string subject, string? queueGroup, int capacity)
        : base(connection, subject, queueGroup)
    {
        _channel = Channel.CreateBounded<NatsMsg>(new BoundedChannelOptions(capacity)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Messages as they arrive; completes when the subscription ends.</summary>
    public ChannelReader<NatsMsg> Msgs => _channel.Reader;

    /// <summary>Messages dropped because the reader was too slow.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Reads messages until the subscription ends or <paramref name="cancellationToken"/> fires.</summary>
    public async IAsyncEnumerable<NatsMsg> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var msg in _channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            yield return msg;
    }

    /// <summary>Tells the server to stop sending and ends <see cref="Msgs"/>.</summary>
    public async ValueTask UnsubscribeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        _channel.Writer.TryComplete();
        await Connection.UnsubscribeAsync(this).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => UnsubscribeAsync();

    internal override void Deliver(ref ServerOp op)
    {
        // Until the server reads the UNSUB it keeps sending: those messages have no reader, but nobody was too slow.
        if (Volatile.Read(ref _disposed) == 1)
            return;
        // A write refused because an unsubscribe completed the channel meanwhile is not a drop either.
        if (!_channel.Writer.TryWrite(ToMsg(ref op)) && Volatile.Read(ref _disposed) == 0)
            Interlocked.Increment(ref _dropped);
    }

    internal override void OnConnectionClosed(Exception? error) => _channel.Writer.TryComplete(error);
}
