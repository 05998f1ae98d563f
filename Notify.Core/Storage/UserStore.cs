using System.Text.Json;
using Notify.Core.Messaging;
using Notify.Core.Users;
using Npgsql;

namespace Notify.Core.Storage;

/// <summary>Users' contacts and preferences. The dispatcher reads them through <see cref="UserDirectory"/>, which caches.</summary>
public sealed class UserStore(NpgsqlDataSource dataSource)
{
    private const string ContactColumns = "email, phone, push_tokens, webhook_url, locale, time_zone";

    /// <summary>The user's contacts, or null when none were stored.</summary>
    public async Task<UserContacts?> GetContactsAsync(string tenant, string userId, CancellationToken cancellationToken = default)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand(
            $"SELECT {ContactColumns} FROM user_contacts WHERE tenant = $1 AND user_id = $2");
        command.Parameters.Add(Parameters.Value(tenant));
        command.Parameters.Add(Parameters.Value(userId));
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadContacts(reader, 0) : null;
    }

    /// <summary>Stores the user's contacts, replacing what was there.</summary>
    public async Task PutContactsAsync(string tenant, string userId, UserContacts contacts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        await using NpgsqlCommand command = dataSource.CreateCommand($"""
            INSERT INTO user_contacts (tenant, user_id, {ContactColumns}, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
            ON CONFLICT (tenant, user_id) DO UPDATE SET
                email = excluded.email, phone = excluded.phone, push_tokens = excluded.push_tokens,
                webhook_url = excluded.webhook_url, locale = excluded.locale, time_zone = excluded.time_zone,
                updated_at = excluded.updated_at
            """);
        command.Parameters.Add(Parameters.Value(tenant));
        command.Parameters.Add(Parameters.Value(userId));
        command.Parameters.Add(Parameters.Text(contacts.Email));
        command.Parameters.Add(Parameters.Text(contacts.Phone));
        command.Parameters.Add(Parameters.Value(contacts.PushTokens is null ? null : contacts.PushTokens as string[] ?? [.. contacts.PushTokens]));
        command.Parameters.Add(Parameters.Text(contacts.WebhookUrl));
        command.Parameters.Add(Parameters.Text(contacts.Locale));
        command.Parameters.Add(Parameters.Text(contacts.TimeZone));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes <paramref name="tokens"/> from the user's push tokens, keeping the others in their order.</summary>
    public async Task RemovePushTokensAsync(string tenant, string userId, IReadOnlyList<string> tokens, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        await using NpgsqlCommand command = dataSource.CreateCommand("""
            UPDATE user_contacts SET
                push_tokens = (SELECT coalesce(array_agg(t ORDER BY i), '{}') FROM unnest(push_tokens) WITH ORDINALITY AS x(t, i) WHERE t <> ALL($3)),
                updated_at = now()
            WHERE tenant = $1 AND user_id = $2 AND push_tokens && $3
            """);
        command.Parameters.Add(Parameters.Value(tenant));
        command.Parameters.Add(Parameters.Value(userId));
        command.Parameters.Add(Parameters.Value(tokens as string[] ?? [.. tokens]));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The user's preferences, or null when none were stored.</summary>
    public async Task<UserPreferences?> GetPreferencesAsync(string tenant, string userId, CancellationToken cancellationToken = default)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand(
            "SELECT preferences FROM user_preferences WHERE tenant = $1 AND user_id = $2");
        command.Parameters.Add(Parameters.Value(tenant));
        command.Parameters.Add(Parameters.Value(userId));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json ? ReadPreferences(json) : null;
    }

    /// <summary>Stores the user's preferences, replacing what was there.</summary>
    public async Task PutPreferencesAsync(string tenant, string userId, UserPreferences preferences, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        await using NpgsqlCommand command = dataSource.CreateCommand("""
            INSERT INTO user_preferences (tenant, user_id, preferences, updated_at)
            VALUES ($1, $2, $3, now())
            ON CONFLICT (tenant, user_id) DO UPDATE SET preferences = excluded.preferences, updated_at = excluded.updated_at
            """);
        command.Parameters.Add(Parameters.Value(tenant));
        command.Parameters.Add(Parameters.Value(userId));
        command.Parameters.Add(Parameters.Jsonb(JsonSerializer.Serialize(preferences, NotifyJson.Default.UserPreferences)));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Contacts and preferences in one query; a user with nothing stored gets <see cref="UserContacts.None"/> and
    /// <see cref="UserPreferences.Default"/> (the in-app inbox still reaches them).
    /// </summary>
    public async Task<UserProfile> GetProfileAsync(string tenant, string userId, CancellationToken cancellationToken = default)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand($"""
            SELECT c.tenant IS NOT NULL, {ContactColumns}, p.preferences
            FROM (SELECT $1::text AS tenant, $2::text AS user_id) AS u
            LEFT JOIN user_contacts c ON c.tenant = u.tenant AND c.user_id = u.user_id
            LEFT JOIN user_preferences p ON p.tenant = u.tenant AND p.user_id = u.user_id
            """);
        command.Parameters.Add(Parameters.Value(tenant));
        command.Parameters.Add(Parameters.Value(userId));
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        UserContacts contacts = reader.GetBoolean(0) ? ReadContacts(reader, 1) : UserContacts.None;
        UserPreferences preferences = reader.GetStringOrNull(7) is { } json ? ReadPreferences(json) : UserPreferences.Default;
        return new UserProfile(tenant, userId, contacts, preferences);
    }

    private static UserContacts ReadContacts(NpgsqlDataReader r, int first) =>
        new(r.GetStringOrNull(first), r.GetStringOrNull(first + 1), r.GetStringArrayOrNull(first + 2), r.GetStringOrNull(first + 3))
        {
            Locale = r.GetStringOrNull(first + 4),
            TimeZone = r.GetStringOrNull(first + 5),
        };

    private static UserPreferences ReadPreferences(string json) =>
        JsonSerializer.Deserialize(json, NotifyJson.Default.UserPreferences) ?? UserPreferences.Default;
}
