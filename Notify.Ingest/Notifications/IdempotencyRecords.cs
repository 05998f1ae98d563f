using Microsoft.Extensions.Options;
using Notify.Ingest.Telemetry;
using StackExchange.Redis;

namespace Notify.Ingest.Notifications;

/// <summary>
/// Remembers Idempotency-Keys in Redis (<c>notify:idem:{tenant}:{key}</c> → id) for a day, so a retry long after
/// JetStream's duplicate window still answers with the original id and publishes nothing. Best effort both ways:
/// while Redis is unreachable lookups and records are skipped (logged and counted) and JetStream's window is the
/// only guard; a request never fails or waits because of Redis.
/// </summary>
public sealed partial class IdempotencyRecords(IConnectionMultiplexer? redis, IOptions<NotificationLimits> limits, IngestMetrics metrics,
    ILogger<IdempotencyRecords> logger)
{
    /// <summary>The Redis key of <paramref name="idempotencyKey"/> in <paramref name="tenant"/>.</summary>
    public static string RedisKey(string tenant, string idempotencyKey) => $"notify:idem:{tenant}:{idempotencyKey}";

    /// <summary>The id recorded for the key, or null when none is (or Redis cannot say).</summary>
    public async ValueTask<Guid?> FindAsync(string tenant, string idempotencyKey, CancellationToken cancellationToken)
    {
        if (!IsReachable())
            return null;
        try
        {
            var value = await redis!.GetDatabase().StringGetAsync(RedisKey(tenant, idempotencyKey)).WaitAsync(cancellationToken).ConfigureAwait(false);
            return Guid.TryParse((string?)value, out var id) ? id : null;
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            Failed("lookup", ex);
            return null;
        }
    }

    /// <summary>Records that the key names <paramref name="id"/>.</summary>
    public async ValueTask RecordAsync(string tenant, string idempotencyKey, Guid id, CancellationToken cancellationToken)
    {
        if (!IsReachable())
            return;
        try
        {
            await redis!.GetDatabase().StringSetAsync(RedisKey(tenant, idempotencyKey), id.ToString(), limits.Value.IdempotencyRecordTtl)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            Failed("record", ex);
        }
    }

    private volatile bool _skipping;

    private bool IsReachable()
    {
        if (redis is { IsConnected: true })
        {
            if (_skipping)
            {
                _skipping = false;
                LogResumed(logger);
            }
            return true;
        }
        metrics.IdempotencyStoreFailure("skipped");
        if (!_skipping)
        {
            _skipping = true;
            LogSkipping(logger);
        }
        return false;
    }

    private void Failed(string operation, Exception ex)
    {
        metrics.IdempotencyStoreFailure(operation);
        LogFailed(logger, operation, ex);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unreachable: Idempotency-Keys are neither looked up nor recorded; JetStream's duplicate window still applies")]
    private static partial void LogSkipping(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis is reachable again: Idempotency-Keys are looked up and recorded")]
    private static partial void LogResumed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idempotency-Key {Operation} in Redis failed; JetStream's duplicate window still applies")]
    private static partial void LogFailed(ILogger logger, string operation, Exception exception);
}
