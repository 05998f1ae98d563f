using System.Text.Json;
using Microsoft.Extensions.Logging;
using Notify.Core.Messaging;
using StackExchange.Redis;

namespace Notify.Core.Users;

/// <summary>
/// The level of <see cref="UserDirectory"/> between each replica's in-process cache and PostgreSQL: profiles as JSON in
/// Redis, shared by every replica, so a replica starting cold (or one whose copy was just dropped) reads Redis rather
/// than PostgreSQL. Loads fill it only where nothing is (<c>SET NX</c>), saves overwrite it with the profile read back
/// after the change, so a load racing a save cannot put the older profile back. While Redis does not answer, the
/// directory goes to PostgreSQL directly and tries Redis again after <see cref="UserDirectoryOptions.SharedCacheRetryInterval"/>.
/// </summary>
public sealed partial class SharedProfileCache(IConnectionMultiplexer redis, UserDirectoryOptions options, ILogger<SharedProfileCache> logger, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private long _skipUntil = long.MinValue;

    /// <summary>The Redis key of a user's profile.</summary>
    public static string KeyOf(string tenant, string userId) => $"notify:profile:{{{tenant}}}:{userId}";

    /// <summary>The cached profile, or null when Redis has none or cannot answer.</summary>
    public async Task<UserProfile?> GetAsync(string tenant, string userId, CancellationToken cancellationToken)
    {
        var value = await RunAsync(database => database.StringGetAsync(KeyOf(tenant, userId)), cancellationToken).ConfigureAwait(false);
        if (value.IsNull)
            return null;
        try
        {
            return JsonSerializer.Deserialize((byte[])value!, NotifyJson.Default.UserProfile);
        }
        catch (JsonException ex)
        {
            LogUnreadable(logger, tenant, ex.Message);
            return null;
        }
    }

    /// <summary>Stores a profile loaded from PostgreSQL, unless one is there already.</summary>
    public Task FillAsync(UserProfile profile, CancellationToken cancellationToken) => SetAsync(profile, When.NotExists, cancellationToken);

    /// <summary>Replaces the cached profile with <paramref name="profile"/>, read back after a change.</summary>
    public Task PutAsync(UserProfile profile, CancellationToken cancellationToken) => SetAsync(profile, When.Always, cancellationToken);

    /// <summary>Drops the cached profile (when the changed one could not be read back).</summary>
    public Task RemoveAsync(string tenant, string userId, CancellationToken cancellationToken) =>
        RunAsync(database => database.KeyDeleteAsync(KeyOf(tenant, userId)), cancellationToken);

    private Task SetAsync(UserProfile profile, When when, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(profile, NotifyJson.Default.UserProfile);
        return RunAsync(database => database.StringSetAsync(KeyOf(profile.Tenant, profile.UserId), json, options.SharedCacheTtl, when), cancellationToken);
    }

    /// <summary>
    /// Runs a command with a short timeout; the default of <typeparamref name="T"/> (and Redis skipped for a while) when
    /// it fails. A command that times out is abandoned, not cancelled: StackExchange.Redis commands cannot be.
    /// </summary>
    private async Task<T?> RunAsync<T>(Func<IDatabase, Task<T>> command, CancellationToken cancellationToken)
    {
        if (_time.GetTimestamp() < Volatile.Read(ref _skipUntil))
            return default;
        try
        {
            return await command(redis.GetDatabase()).WaitAsync(options.SharedCacheTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            var until = _time.GetTimestamp() + (long)(options.SharedCacheRetryInterval.TotalSeconds * _time.TimestampFrequency);
            if (Interlocked.Exchange(ref _skipUntil, until) < _time.GetTimestamp())
                LogUnavailable(logger, ex.Message);
            return default;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis profile cache unavailable ({Error}); loading profiles from PostgreSQL")]
    private static partial void LogUnavailable(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unreadable cached profile of tenant {Tenant} ({Error}); loading it from PostgreSQL")]
    private static partial void LogUnreadable(ILogger logger, string tenant, string error);
}
