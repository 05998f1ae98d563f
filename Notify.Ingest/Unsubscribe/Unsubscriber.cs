using Notify.Core.Storage;
using Notify.Core.Users;
using NATS.Client.Core;
using Npgsql;

namespace Notify.Ingest.Unsubscribe;

/// <summary>Adds an unsubscribed category to the user's opt-outs, read fresh from PostgreSQL, through the directory (so every cache drops its copy).</summary>
public sealed partial class Unsubscriber(UserStore store, UserDirectory directory, ILogger<Unsubscriber> logger)
{
    /// <summary>Opts the user out of the category; false when PostgreSQL is unreachable. Unsubscribing twice changes nothing.</summary>
    public async Task<bool> OptOutAsync(Unsubscription unsubscription, CancellationToken cancellationToken)
    {
        try
        {
            var preferences = await store.GetPreferencesAsync(unsubscription.Tenant, unsubscription.UserId, cancellationToken) ?? UserPreferences.Default;
            if (preferences.OptOuts.Contains(unsubscription.Category, StringComparer.Ordinal))
                return true;
            await directory.SavePreferencesAsync(unsubscription.Tenant, unsubscription.UserId,
                preferences with { OptOuts = [.. preferences.OptOuts, unsubscription.Category] }, cancellationToken);
            LogUnsubscribed(unsubscription.UserId, unsubscription.Category);
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            LogStorageDown(ex);
            return false;
        }
        catch (NatsException ex)
        {
            LogNotAnnounced(unsubscription.UserId, ex);
            return true;
        }
    }

    [LoggerMessage(LogLevel.Information, "User {UserId} unsubscribed from {Category}")]
    private partial void LogUnsubscribed(string userId, string category);

    [LoggerMessage(LogLevel.Warning, "Unsubscribe: PostgreSQL unreachable")]
    private partial void LogStorageDown(Exception exception);

    [LoggerMessage(LogLevel.Warning, "User {UserId} unsubscribed, but the cache invalidation could not be announced; other replicas see it after their cache TTL")]
    private partial void LogNotAnnounced(string userId, Exception exception);
}
