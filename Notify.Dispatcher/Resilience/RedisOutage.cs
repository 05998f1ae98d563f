using StackExchange.Redis;

namespace Notify.Dispatcher.Resilience;

/// <summary>
/// Whether Redis is connected, with one log line when it goes away and one when it is back. While it is away the rate
/// limits, the caps and the sent markers leave it out rather than each fail and log once per delivery: commands fail
/// at once then (fail-fast backlog), so a line per failed call would come at delivery speed, thousands a second at peak.
/// </summary>
public sealed partial class RedisOutage(IConnectionMultiplexer redis, ILogger<RedisOutage> logger)
{
    private int _away;

    /// <summary>Whether to ask Redis now; logs the start and the end of an outage, once each.</summary>
    public bool IsReachable()
    {
        if (redis.IsConnected)
        {
            if (Volatile.Read(ref _away) == 1 && Interlocked.Exchange(ref _away, 0) == 1)
                LogBack();
            return true;
        }
        if (Interlocked.Exchange(ref _away, 1) == 0)
            LogAway();
        return false;
    }

    [LoggerMessage(LogLevel.Warning, "Redis is unreachable: deliveries go without provider rate limits and per-user caps, and earlier sends are looked up in PostgreSQL, until it is back")]
    private partial void LogAway();

    [LoggerMessage(LogLevel.Information, "Redis is reachable again: provider rate limits, per-user caps and sent markers use it")]
    private partial void LogBack();
}
