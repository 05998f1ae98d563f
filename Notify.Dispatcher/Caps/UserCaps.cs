using System.Globalization;
using Notify.Core.Notifications;
using Notify.Dispatcher.Resilience;
using StackExchange.Redis;

namespace Notify.Dispatcher.Caps;

/// <summary>
/// Applies <see cref="UserCapOptions"/>: one Lua script checks every cap that matches the notification and counts it
/// in all of them only when all allow it, atomically across replicas. A window's count is the set of notification ids
/// let through, so a redelivered notification is let through again without counting twice. When Redis cannot answer,
/// the notification goes out uncapped: a failed call is logged, an outage once (<see cref="RedisOutage"/>).
/// </summary>
public sealed partial class UserCaps(IConnectionMultiplexer redis, UserCapOptions options, NotificationTypeCatalog catalog, TimeProvider time,
    RedisOutage redisOutage, ILogger<UserCaps> logger)
{
    /// <summary>
    /// KEYS: one set per cap. ARGV[1]: the notification id; then per key its max and TTL (ms). Returns the 1-based index
    /// of the cap that refused, else 0. The number of keys varies, which a prepared <see cref="LuaScript"/>'s named
    /// parameters cannot express; run as text, it still crosses the wire only while the server lacks it and otherwise
    /// goes as its digest (<c>EVALSHA</c>), as the rate limiter's does.
    /// </summary>
    private const string Take = """
        local id = ARGV[1]
        for i, key in ipairs(KEYS) do
          if redis.call('SISMEMBER', key, id) == 0 and redis.call('SCARD', key) >= tonumber(ARGV[i * 2]) then
            return i
          end
        end
        for i, key in ipairs(KEYS) do
          if redis.call('SADD', key, id) == 1 then
            redis.call('PEXPIRE', key, ARGV[i * 2 + 1])
          end
        end
        return 0
        """;

    /// <summary>Null when <paramref name="n"/> may go; otherwise why it is capped.</summary>
    public async ValueTask<string?> CheckAsync(NotificationEnvelope n, string? timeZone, CancellationToken cancellationToken)
    {
        if (!options.Enabled || n.Priority == Priority.Critical || catalog.Find(n.Type)?.Required == true)
            return null;
        var caps = options.Rules.Where(r => r.Value.Max >= 0 && Applies(r.Value, n.Type)).ToList();
        if (caps.Count == 0 || !redisOutage.IsReachable())
            return null;

        var local = LocalTime(time.GetUtcNow(), timeZone);
        var keys = new RedisKey[caps.Count];
        var args = new RedisValue[1 + caps.Count * 2];
        args[0] = n.Id.ToString("N");
        for (var i = 0; i < caps.Count; i++)
        {
            var (name, cap) = caps[i];
            var (start, length) = WindowOf(local, cap.Window);
            keys[i] = $"notify:cap:{{{n.Tenant}:{n.UserId}}}:{name}:{start.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture)}";
            args[1 + i * 2] = cap.Max;
            args[2 + i * 2] = (long)(start + length - local + TimeSpan.FromMinutes(5)).TotalMilliseconds;
        }
        try
        {
            var refused = (long)await redis.GetDatabase().ScriptEvaluateAsync(Take, keys, args).WaitAsync(cancellationToken);
            if (refused == 0)
                return null;
            var (capName, rule) = caps[(int)refused - 1];
            return $"capped: at most {rule.Max} {capName} per {rule.Window.ToString().ToLowerInvariant()}";
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            LogCapsUnavailable(n.Id, ex.Message);
            return null;
        }
    }

    /// <summary>The window <paramref name="local"/> falls in: its start (local time) and length.</summary>
    public static (DateTime Start, TimeSpan Length) WindowOf(DateTime local, CapWindow window) => window switch
    {
        CapWindow.Minute => (new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified), TimeSpan.FromMinutes(1)),
        CapWindow.Hour => (new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0, DateTimeKind.Unspecified), TimeSpan.FromHours(1)),
        _ => (local.Date, TimeSpan.FromDays(1)),
    };

    /// <summary><paramref name="now"/> on the clock of <paramref name="timeZone"/> (UTC when unknown).</summary>
    public static DateTime LocalTime(DateTimeOffset now, string? timeZone)
    {
        var zone = timeZone is not null && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : TimeZoneInfo.Utc;
        return DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(now, zone).DateTime, DateTimeKind.Unspecified);
    }

    private static bool Applies(UserCap cap, string type)
    {
        var patterns = cap.Patterns;
        return patterns.Count == 0 || patterns.Any(p => new NotificationTypeRule(p, Priority.Normal).Matches(type));
    }

    [LoggerMessage(LogLevel.Warning, "Per-user caps unavailable for {NotificationId} ({Error}); sending uncapped")]
    private partial void LogCapsUnavailable(Guid notificationId, string error);
}
