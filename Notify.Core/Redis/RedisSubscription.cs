using System.Threading.Channels;
using Notify.Core.Redis.Internal;

namespace Notify.Core.Redis;

/// <summary>
/// The messages of one channel, as an async stream: <c>await foreach (var message in subscription)</c>. Stays
/// subscribed across reconnects (messages published while the socket was down are lost, as pub/sub does: watch
/// <see cref="RedisConnection.Connected"/> for <see cref="RedisConnectionKind.Subscription"/> to resynchronise).
/// Dispose to unsubscribe; the stream ends when the subscription or the connection is disposed.
/// </summary>
public sealed class RedisSubscription : IAsyncEnumerable<RedisChannelMessage>, IAsyncDisposable
{
    private readonly Channel<RedisChannelMessage> _messages;
    private readonly SubscriptionHub _hub;
    private long _dropped;

    internal RedisSubscription(string channel, int capacity, SubscriptionHub hub)
    {
        Channel = channel;
        _hub = hub;
        _messages = System.Threading.Channels.Channel.CreateBounded<RedisChannelMessage>(
            new BoundedChannelOptions(capacity) { SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>The channel subscribed to.</summary>
    public string Channel { get; }

    /// <summary>The messages received and not yet read.</summary>
    public ChannelReader<RedisChannelMessage> Messages => _messages.Reader;

    /// <summary>Messages dropped because the reader fell <see cref="RedisOptions.SubscriptionCapacity"/> behind.</summary>
    public long DroppedMessages => Interlocked.Read(ref _dropped);

    /// <inheritdoc />
    public IAsyncEnumerator<RedisChannelMessage> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        _messages.Reader.ReadAllAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);

    /// <summary>Unsubscribes (the server is told when this was the channel's last subscription) and ends the stream.</summary>
    public ValueTask DisposeAsync() => _hub.UnsubscribeAsync(this);

    internal bool TryDeliver(RedisChannelMessage message)
    {
        if (_messages.Writer.TryWrite(message))
            return true;
        Interlocked.Increment(ref _dropped);
        return false;
    }

    internal void Complete() => _messages.Writer.TryComplete();
}
