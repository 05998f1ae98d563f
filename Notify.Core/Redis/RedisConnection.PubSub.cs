using Notify.Core.Redis.Internal;

namespace Notify.Core.Redis;

public sealed partial class RedisConnection
{
    private readonly Lock _subscriptionsGate = new();
    private SubscriptionHub? _subscriptions;

    /// <summary>Whether the subscription socket is connected now (false before the first <see cref="SubscribeAsync"/>).</summary>
    public bool IsSubscriberConnected => _subscriptions?.IsConnected ?? false;

    /// <summary>Publishes text to a channel (<c>PUBLISH</c>); returns how many subscribers received it.</summary>
    public Task<long> PublishAsync(string channel, string message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return PublishCoreAsync(channel, message, cancellationToken);
    }

    /// <summary>Publishes bytes to a channel (<c>PUBLISH</c>); returns how many subscribers received it.</summary>
    public Task<long> PublishAsync(string channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default) =>
        PublishCoreAsync(channel, message, cancellationToken);

    /// <summary>
    /// Subscribes to a channel on the subscription socket (opened on first use) and returns once the server confirmed;
    /// read the messages with <c>await foreach</c>, dispose to unsubscribe. Survives reconnects.
    /// </summary>
    /// <example>
    /// <code>
    /// await using var invalidations = await redis.SubscribeAsync("notify:cache:invalidate");
    /// await foreach (var message in invalidations.WithCancellation(stopping))
    ///     cache.Remove(message.Text);
    /// </code>
    /// </example>
    public Task<RedisSubscription> SubscribeAsync(string channel, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        return Subscriptions().SubscribeAsync(channel, cancellationToken);
    }

    private async Task<long> PublishCoreAsync(string channel, RedisValue message, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        var result = await SendAsync("PUBLISH", (channel, message), static (writer, in state) =>
        {
            writer.WriteCommand("PUBLISH", 2);
            writer.Write(state.channel);
            writer.Write(state.message);
        }, cancellationToken).ConfigureAwait(false);
        return result.AsInt64();
    }

    private SubscriptionHub Subscriptions()
    {
        if (_subscriptions is { } hub)
            return hub;
        lock (_subscriptionsGate)
        {
            ThrowIfDisposed();
            return _subscriptions ??= new SubscriptionHub(Options,
                args => Connected?.Invoke(this, args), args => ConnectionFailed?.Invoke(this, args));
        }
    }
}
