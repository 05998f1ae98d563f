using Npgsql;

namespace Notify.Core.Storage;

/// <summary>A tenant's status webhook: every status change of its notifications is POSTed to <paramref name="Url"/>, signed with <paramref name="Secret"/>.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Url">Absolute http or https URL.</param>
/// <param name="Secret">Standard Webhooks secret (<c>whsec_</c> and the base64 of the key).</param>
/// <param name="UpdatedAt">When it was registered or last changed.</param>
public sealed record StatusWebhook(string Tenant, string Url, string Secret, DateTimeOffset UpdatedAt);

/// <summary>Tenants' status webhooks.</summary>
public sealed class StatusWebhookStore(NpgsqlDataSource dataSource)
{
    /// <summary>The tenant's webhook, or null.</summary>
    public async Task<StatusWebhook?> GetAsync(string tenant, CancellationToken cancellationToken = default)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand("SELECT url, secret, updated_at FROM status_webhooks WHERE tenant = $1");
        command.Parameters.Add(Parameters.Value(tenant));
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new StatusWebhook(tenant, reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2))
            : null;
    }

    /// <summary>Registers or replaces the tenant's webhook.</summary>
    public async Task PutAsync(StatusWebhook webhook, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        await using NpgsqlCommand command = dataSource.CreateCommand("""
            INSERT INTO status_webhooks (tenant, url, secret, updated_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (tenant) DO UPDATE SET url = excluded.url, secret = excluded.secret, updated_at = excluded.updated_at
            """);
        command.Parameters.Add(Parameters.Value(webhook.Tenant));
        command.Parameters.Add(Parameters.Value(webhook.Url));
        command.Parameters.Add(Parameters.Value(webhook.Secret));
        command.Parameters.Add(Parameters.Time(webhook.UpdatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the tenant's webhook; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string tenant, CancellationToken cancellationToken = default)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand("DELETE FROM status_webhooks WHERE tenant = $1");
        command.Parameters.Add(Parameters.Value(tenant));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }
}
