using Notify.Core.Notifications;
using Notify.Core.Storage;
using Notify.Dispatcher.Resilience;
using StackExchange.Redis;

namespace Notify.Dispatcher.Idempotency;

/// <summary>How hard to look for earlier sends.</summary>
public enum SentCheck
{
    /// <summary>A fresh id on its first delivery: nothing can have been sent.</summary>
    None,
    /// <summary>The Redis markers.</summary>
    Markers,
    /// <summary>The markers, then PostgreSQL for what they do not show.</summary>
    Truth,
}

/// <summary>
/// Remembers which (notification, channel) deliveries a provider already accepted, so a redelivered message, a
/// replay or a client retry past JetStream's duplicate window never sends twice. Redis is the fast path (a marker set
/// right after the provider accepted, before the ack); PostgreSQL's delivery rows are the truth when Redis cannot
/// answer. What neither can catch is a send the provider accepted while the replica died before marking it: that
/// delivery is sent again (at least once, not exactly once), and push and SMS providers take no key to absorb it.
/// </summary>
public sealed partial class SentMarkers(IConnectionMultiplexer redis, NotificationStore store, RedisOutage redisOutage, ILogger<SentMarkers> logger)
{
    private static readonly TimeSpan Keep = TimeSpan.FromDays(7);

    /// <summary>
    /// The channels of <paramref name="notification"/> already sent, each with the provider's message id when the
    /// marker kept it (null otherwise). <paramref name="check"/> says how hard to look:
    /// a first delivery of a fresh id needs no look at all; a replay or a client id that may repeat asks the Redis
    /// markers; a redelivery (the dispatcher may have died between the send and the ack) asks PostgreSQL too.
    /// </summary>
    public async ValueTask<IReadOnlyDictionary<Channel, string?>> SentAsync(NotificationEnvelope notification, IReadOnlyCollection<Channel> channels,
        SentCheck check, CancellationToken cancellationToken)
    {
        if (check == SentCheck.None || channels.Count == 0)
            return Nothing;
        var sent = new Dictionary<Channel, string?>();
        if (!redisOutage.IsReachable() || !await TryReadMarkersAsync(notification.Id, channels, sent, cancellationToken))
            check = SentCheck.Truth;
        if (check == SentCheck.Truth && sent.Count < channels.Count)
        {
            var rows = await store.GetSentChannelsAsync([notification.Id], cancellationToken);
            foreach (var row in rows.Where(k => k.NotificationId == notification.Id))
                sent.TryAdd(row.Channel, null);
        }
        return sent;
    }

    private async ValueTask<bool> TryReadMarkersAsync(Guid notificationId, IReadOnlyCollection<Channel> channels, Dictionary<Channel, string?> sent,
        CancellationToken cancellationToken)
    {
        try
        {
            var wanted = channels.ToArray();
            var database = redis.GetDatabase();
            var lookups = wanted.Select(c => database.StringGetAsync(Key(notificationId, c))).ToArray();
            await Task.WhenAll(lookups).WaitAsync(cancellationToken);
            for (var i = 0; i < wanted.Length; i++)
                if ((string?)lookups[i].Result is { } marker)
                    sent[wanted[i]] = marker == UnknownId ? null : marker;
            return true;
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            LogRedisUnavailable(ex.Message);
            return false;
        }
    }

    /// <summary>Records that the provider accepted the delivery; a Redis failure is logged, the status row still records it.</summary>
    public async ValueTask MarkSentAsync(Guid notificationId, Channel channel, string? providerMessageId, CancellationToken cancellationToken)
    {
        if (!redisOutage.IsReachable())
            return;
        try
        {
            await redis.GetDatabase().StringSetAsync(Key(notificationId, channel), providerMessageId ?? UnknownId, Keep).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            LogRedisUnavailable(ex.Message);
        }
    }

    internal static string Key(Guid id, Channel channel) => $"notify:sent:{id:N}:{channel.ToWire()}";

    // The marker of a send whose provider gave no message id.
    private const string UnknownId = "sent";

    private static readonly IReadOnlyDictionary<Channel, string?> Nothing = new Dictionary<Channel, string?>();

    [LoggerMessage(LogLevel.Warning, "Redis unavailable for sent markers ({Error}); using PostgreSQL")]
    private partial void LogRedisUnavailable(string error);
}
