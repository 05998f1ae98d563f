using Microsoft.Extensions.Logging;

namespace Notify.Core.Redis.Internal;

/// <summary>
/// The subscription socket: one <c>SUBSCRIBE</c> per channel however many local subscribers it has, messages fanned
/// out to them, and every channel subscribed again on each new link before anyone else may use it.
/// </summary>
internal sealed class SubscriptionHub : IAsyncDisposable
{
    private readonly RedisOptions _options;
    private readonly ILogger _logger;
    private readonly LinkSupervisor _link;
    private readonly SemaphoreSlim _changes = new(1, 1);
    private readonly Lock _sync = new();
    // Copy-on-write arrays: the read loop fans out without locking for long or allocating.
    private readonly Dictionary<string, RedisSubscription[]> _channels = new(StringComparer.Ordinal);
    private volatile bool _disposed;

    public SubscriptionHub(RedisOptions options, Action<RedisConnectionEventArgs> connected, Action<RedisConnectionEventArgs> failed)
    {
        _options = options;
        _logger = options.LoggerFactory.CreateLogger<RedisConnection>();
        _link = new LinkSupervisor(options, RedisConnectionKind.Subscription, OnPush, ResubscribeAsync, connected, failed);
    }

    public bool IsConnected => _link.IsConnected;

    /// <summary>Adds a local subscriber; the first one of a channel waits for the server's confirmation.</summary>
    public async Task<RedisSubscription> SubscribeAsync(string channel, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, typeof(RedisConnection));
        var subscription = new RedisSubscription(channel, _options.SubscriptionCapacity, this);
        await _changes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            bool first;
            lock (_sync)
            {
                first = !_channels.TryGetValue(channel, out var existing);
                _channels[channel] = [.. existing ?? [], subscription];
            }
            if (first)
            {
                try
                {
                    await SendAsync("SUBSCRIBE", channel, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    Remove(subscription);
                    throw;
                }
            }
            return subscription;
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>Removes a local subscriber and ends its stream; the last one of a channel unsubscribes on the server.</summary>
    public async ValueTask UnsubscribeAsync(RedisSubscription subscription)
    {
        subscription.Complete();
        if (_disposed)
            return;
        await _changes.WaitAsync().ConfigureAwait(false);
        try
        {
            // While disconnected there is nothing to tell the server: the next link subscribes only what is left.
            if (Remove(subscription) && _link.IsConnected)
                await SendAsync("UNSUBSCRIBE", subscription.Channel, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RedisException ex)
        {
            RedisLog.UnsubscribeFailed(_logger, subscription.Channel, ex.Message);
        }
        finally
        {
            _changes.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _link.DisposeAsync().ConfigureAwait(false);
        lock (_sync)
        {
            foreach (var subscriptions in _channels.Values)
            {
                foreach (var subscription in subscriptions)
                    subscription.Complete();
            }
            _channels.Clear();
        }
    }

    /// <summary>True when the channel has no local subscriber left.</summary>
    private bool Remove(RedisSubscription subscription)
    {
        lock (_sync)
        {
            if (!_channels.TryGetValue(subscription.Channel, out var existing) || Array.IndexOf(existing, subscription) < 0)
                return false;
            var rest = existing.Where(s => s != subscription).ToArray();
            if (rest.Length == 0)
                _channels.Remove(subscription.Channel);
            else
                _channels[subscription.Channel] = rest;
            return rest.Length == 0;
        }
    }

    private Task<RedisResult> SendAsync(string command, string channel, CancellationToken cancellationToken) =>
        _link.SendAsync(command, (command, channel), WriteChannelCommand, cancellationToken);

    private static readonly RespCommand<(string Command, string Channel)> WriteChannelCommand = static (writer, in state) =>
    {
        // One channel per command, so each command gets exactly one confirmation and the reply FIFO stays aligned.
        writer.WriteCommand(state.Command, 1);
        writer.Write(state.Channel);
    };

    private async Task ResubscribeAsync(RedisLink link, CancellationToken cancellationToken)
    {
        string[] channels;
        lock (_sync)
            channels = [.. _channels.Keys];
        if (channels.Length == 0)
            return;
        await Task.WhenAll(channels.Select(channel =>
            link.RoundTripAsync("SUBSCRIBE", ("SUBSCRIBE", channel), WriteChannelCommand, cancellationToken))).ConfigureAwait(false);
        RedisLog.Resubscribed(_logger, channels.Length);
    }

    /// <summary>Takes <c>message</c> pushes; confirmations of (un)subscribe go on to the waiting command.</summary>
    private bool OnPush(RedisResult reply)
    {
        if (reply.Type != RedisResultType.Array || reply.Length != 3 || !reply[0].Is("message"u8))
            return false;
        var channel = reply[1].AsString()!;
        RedisSubscription[]? subscriptions;
        lock (_sync)
            _channels.TryGetValue(channel, out subscriptions);
        if (subscriptions is null)
            return true; // unsubscribed locally while the server was still sending
        var message = new RedisChannelMessage(channel, reply[2].AsBytes() ?? []);
        foreach (var subscription in subscriptions)
        {
            if (!subscription.TryDeliver(message))
                RedisLog.MessageDropped(_logger, channel);
        }
        return true;
    }
}
