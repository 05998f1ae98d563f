using Microsoft.Extensions.Logging;

namespace Notify.Core.Redis.Internal;

internal static partial class RedisLog
{
    [LoggerMessage(1, LogLevel.Information, "Connected to Redis at {EndPoint} ({Kind})")]
    public static partial void Connected(ILogger logger, string endPoint, RedisConnectionKind kind);

    [LoggerMessage(2, LogLevel.Warning, "Lost the Redis connection to {EndPoint} ({Kind}): {Reason}; reconnecting")]
    public static partial void ConnectionLost(ILogger logger, string endPoint, RedisConnectionKind kind, string reason);

    [LoggerMessage(3, LogLevel.Debug, "Could not connect to Redis at {EndPoint} ({Kind}): {Reason}")]
    public static partial void ConnectFailed(ILogger logger, string endPoint, RedisConnectionKind kind, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Redis at {EndPoint} refused the credentials: {Reason}")]
    public static partial void AuthenticationFailed(ILogger logger, string endPoint, string reason);

    [LoggerMessage(5, LogLevel.Information, "Resubscribed to {Count} Redis channels")]
    public static partial void Resubscribed(ILogger logger, int count);

    [LoggerMessage(6, LogLevel.Warning, "A reader of Redis channel {Channel} is too slow: a message was dropped")]
    public static partial void MessageDropped(ILogger logger, string channel);

    [LoggerMessage(7, LogLevel.Debug, "Unsubscribing from Redis channel {Channel} failed: {Reason}")]
    public static partial void UnsubscribeFailed(ILogger logger, string channel, string reason);

    [LoggerMessage(8, LogLevel.Error, "A Redis connection event handler failed")]
    public static partial void EventHandlerFailed(ILogger logger, Exception exception);
}
