using Notify.Core.Users;
using NATS.Client.Core;
using Npgsql;

namespace Notify.Ingest.Users;

/// <summary>
/// Users' contacts and preferences through the <see cref="UserDirectory"/>, so every replica's cached profile is dropped
/// on a change. Reports PostgreSQL being unreachable instead of throwing; a change saved whose announcement NATS could
/// not carry is still saved (other replicas see it when their cached copy expires).
/// </summary>
public sealed partial class UserSettings(UserDirectory directory, ILogger<UserSettings> logger)
{
    /// <summary>Replaces the user's contacts; false when PostgreSQL is unreachable.</summary>
    public Task<bool> SaveContactsAsync(string tenant, string userId, UserContacts contacts, CancellationToken cancellationToken) =>
        SaveAsync(userId, () => directory.SaveContactsAsync(tenant, userId, contacts, cancellationToken));

    /// <summary>Replaces the user's preferences; false when PostgreSQL is unreachable.</summary>
    public Task<bool> SavePreferencesAsync(string tenant, string userId, UserPreferences preferences, CancellationToken cancellationToken) =>
        SaveAsync(userId, () => directory.SavePreferencesAsync(tenant, userId, preferences, cancellationToken));

    /// <summary>The user's preferences (defaults when never set); null when PostgreSQL is unreachable.</summary>
    public async Task<UserPreferences?> GetPreferencesAsync(string tenant, string userId, CancellationToken cancellationToken)
    {
        try
        {
            return (await directory.GetProfileAsync(tenant, userId, cancellationToken).ConfigureAwait(false)).Preferences;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            LogStorageDown(logger, ex);
            return null;
        }
    }

    private async Task<bool> SaveAsync(string userId, Func<Task> save)
    {
        try
        {
            await save().ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            LogStorageDown(logger, ex);
            return false;
        }
        catch (NatsException ex)
        {
            LogNotAnnounced(logger, userId, ex);
            return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "User settings: PostgreSQL unreachable")]
    private static partial void LogStorageDown(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settings of user {UserId} saved, but the cache invalidation could not be announced; other replicas see the change after their cache TTL")]
    private static partial void LogNotAnnounced(ILogger logger, string userId, Exception exception);
}
