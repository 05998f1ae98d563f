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
/// answer. What neither can catch is a send the provider accepted while the replica died before marking it: push and
/// SMS providers take no key to absorb a repeat. So a send also leaves a "started" marker, written before the request
/// and removed once its outcome is known (sent, failed, or failed for now): a redelivery that finds one without a sent
/// marker knows the earlier attempt's outcome is unknown, the channel is in doubt, and the priority's policy decides
/// (<see cref="DispatcherOptions.InDoubt"/>).
/// </summary>
public sealed partial class SentMarkers(IConnectionMultiplexer redis, NotificationStore store, RedisOutage redisOutage, ILogger<SentMarkers> logger)
{
    private static readonly TimeSpan Keep = TimeSpan.FromDays(7);

    /// <summary>
    /// What earlier deliveries of <paramref name="notification"/> did on <paramref name="channels"/>: the channels
    /// already sent, each with the provider's message id when the marker kept it (null otherwise), and, on a
    /// redelivery, those whose attempt started and never reported an outcome. <paramref name="check"/> says how hard to look:
    /// a first delivery of a fresh id needs no look at all; a replay or a client id that may repeat asks the Redis
    /// markers; a redelivery (the dispatcher may have died between the send and the ack) asks PostgreSQL too.
    /// <paramref name="findInDoubt"/> reads the started markers in the same Redis round trip.
    /// </summary>
    public async ValueTask<EarlierAttempts> SentAsync(NotificationEnvelope notification, IReadOnlyCollection<Channel> channels,
        SentCheck check, bool findInDoubt, CancellationToken cancellationToken)
    {
        if (check == SentCheck.None || channels.Count == 0)
            return EarlierAttempts.None;
        var sent = new Dictionary<Channel, string?>();
        List<Channel>? started = findInDoubt ? [] : null;
        if (!redisOutage.IsReachable() || !await TryReadMarkersAsync(notification.Id, channels, sent, started, cancellationToken))
        {
            check = SentCheck.Truth;
            started = null; // unknown: without Redis nothing is in doubt, the channel is sent again
        }
        if (check == SentCheck.Truth && sent.Count < channels.Count)
        {
            var rows = await store.GetSentChannelsAsync([notification.Id], cancellationToken);
            foreach (var row in rows.Where(k => k.NotificationId == notification.Id))
                sent.TryAdd(row.Channel, null);
        }
        return new EarlierAttempts(sent, started is { Count: > 0 } ? [.. started.Where(c => !sent.ContainsKey(c))] : []);
    }

    private async ValueTask<bool> TryReadMarkersAsync(Guid notificationId, IReadOnlyCollection<Channel> channels, Dictionary<Channel, string?> sent,
        List<Channel>? started, CancellationToken cancellationToken)
    {
        try
        {
            var wanted = channels.ToArray();
            var database = redis.GetDatabase();
            var lookups = wanted.Select(c => database.StringGetAsync(Key(notificationId, c))).ToArray();
            var starts = started is null ? [] : wanted.Select(c => database.KeyExistsAsync(StartedKey(notificationId, c))).ToArray();
            await Task.WhenAll(lookups.Concat<Task>(starts)).WaitAsync(cancellationToken);
            for (var i = 0; i < wanted.Length; i++)
            {
                if ((string?)lookups[i].Result is { } marker)
                    sent[wanted[i]] = marker == UnknownId ? null : marker;
                if (starts.Length > 0 && starts[i].Result)
                    started!.Add(wanted[i]);
            }
            return true;
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            LogRedisUnavailable(ex.Message);
            return false;
        }
    }

    /// <summary>
    /// Notes that a send of the delivery is about to start, before the request leaves: the command is queued on the
    /// multiplexer's connection now, ahead of the request and of the outcome's own command on that connection. Await
    /// the task after the send (<see cref="ObserveStartedAsync"/>): the send does not wait for Redis.
    /// </summary>
    public Task MarkStarted(Guid notificationId, Channel channel)
    {
        if (!redisOutage.IsReachable())
            return Task.CompletedTask;
        try
        {
            return redis.GetDatabase().StringSetAsync(StartedKey(notificationId, channel), StartedValue, Keep);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            return Task.FromException(ex); // for ObserveStartedAsync to log
        }
    }

    /// <summary>Waits for the started marker's write; a Redis failure is logged (a redelivery then cannot tell the channel is in doubt).</summary>
    public async ValueTask ObserveStartedAsync(Task started)
    {
        try
        {
            await started;
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            LogRedisUnavailable(ex.Message);
        }
    }

    /// <summary>
    /// Records that the provider accepted the delivery and drops its started marker (same round trip); a Redis failure
    /// is logged, the status row still records it.
    /// </summary>
    public async ValueTask MarkSentAsync(Guid notificationId, Channel channel, string? providerMessageId, CancellationToken cancellationToken)
    {
        if (!redisOutage.IsReachable())
            return;
        try
        {
            var database = redis.GetDatabase();
            var marked = database.StringSetAsync(Key(notificationId, channel), providerMessageId ?? UnknownId, Keep);
            // After the SET on the same connection: a marker removed is never one the sent marker does not cover.
            _ = database.KeyDeleteAsync(StartedKey(notificationId, channel), CommandFlags.FireAndForget);
            await marked.WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            LogRedisUnavailable(ex.Message);
        }
    }

    /// <summary>
    /// The attempt ended without a send (the provider refused it, or it failed for now and the message is retried):
    /// its outcome is known, so a later delivery must not take the channel for in doubt.
    /// </summary>
    public async ValueTask ClearStartedAsync(Guid notificationId, Channel channel, CancellationToken cancellationToken)
    {
        if (!redisOutage.IsReachable())
            return;
        try
        {
            await redis.GetDatabase().KeyDeleteAsync(StartedKey(notificationId, channel)).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            LogRedisUnavailable(ex.Message);
        }
    }

    internal static string Key(Guid id, Channel channel) => $"notify:sent:{id:N}:{channel.ToWire()}";

    internal static string StartedKey(Guid id, Channel channel) => $"notify:started:{id:N}:{channel.ToWire()}";

    private const string StartedValue = "1";

    // The marker of a send whose provider gave no message id.
    private const string UnknownId = "sent";


    [LoggerMessage(LogLevel.Warning, "Redis unavailable for sent markers ({Error}); using PostgreSQL")]
    private partial void LogRedisUnavailable(string error);
}

/// <summary>What earlier deliveries of a notification did, as <see cref="SentMarkers.SentAsync"/> found it.</summary>
/// <param name="Sent">Channels sent, each with the provider's message id when known.</param>
/// <param name="InDoubt">Channels whose attempt started and never reported an outcome (not sent as far as anyone recorded).</param>
public sealed record EarlierAttempts(IReadOnlyDictionary<Channel, string?> Sent, IReadOnlyList<Channel> InDoubt)
{
    /// <summary>Nothing earlier.</summary>
    public static readonly EarlierAttempts None = new(new Dictionary<Channel, string?>(), []);
}
