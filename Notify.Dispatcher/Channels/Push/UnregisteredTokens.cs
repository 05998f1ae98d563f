using Notify.Core.Users;
using NATS.Client.Core;
using Npgsql;

namespace Notify.Dispatcher.Channels.Push;

/// <summary>
/// Removes the push tokens a provider reported unregistered (FCM <c>UNREGISTERED</c>) from the user's contacts and
/// drops every cached copy of the profile, so later notifications do not try the dead device. The delivery itself
/// goes on as the outcome says (another device took it, or the next channel takes over). A removal PostgreSQL cannot
/// take now is logged; the provider reports the token again on the next send.
/// </summary>
public sealed partial class UnregisteredTokens(UserDirectory users, ILogger<UnregisteredTokens> logger)
{
    /// <summary>Removes <paramref name="tokens"/> from the user's contacts.</summary>
    public async ValueTask RemoveAsync(string tenant, string userId, IReadOnlyList<string> tokens, CancellationToken cancellationToken)
    {
        try
        {
            await users.RemovePushTokensAsync(tenant, userId, tokens, cancellationToken);
            LogRemoved(tokens.Count, userId);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or NatsException)
        {
            LogNotRemoved(tokens.Count, userId, ex.Message);
        }
    }

    [LoggerMessage(LogLevel.Information, "Removed {Count} unregistered push token(s) of user {UserId}")]
    private partial void LogRemoved(int count, string userId);

    [LoggerMessage(LogLevel.Warning, "Could not remove {Count} unregistered push token(s) of user {UserId}: {Error}")]
    private partial void LogNotRemoved(int count, string userId, string error);
}
