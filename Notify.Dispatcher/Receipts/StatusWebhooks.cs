using System.Collections.Concurrent;
using Notify.Core.Storage;

namespace Notify.Dispatcher.Receipts;

/// <summary>
/// Tenants' status webhooks as the dispatcher needs them on every status publish: cached per tenant (absence too) for
/// <see cref="ReceiptOptions.CacheTtl"/>, so a tenant without one costs nothing. While PostgreSQL cannot answer, the
/// last known registration is kept.
/// </summary>
public sealed class StatusWebhooks(StatusWebhookStore store, ReceiptOptions options, TimeProvider time)
{
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<string, (StatusWebhook? Webhook, DateTimeOffset FreshUntil)> _cache = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether the tenant's status changes should go to the receipt stream: it has a webhook, or PostgreSQL cannot say
    /// (the receipt senders decide once it can; an outage must neither stop sends nor lose receipts).
    /// </summary>
    public async ValueTask<bool> WantsReceiptsAsync(string tenant, CancellationToken cancellationToken)
    {
        try
        {
            return await GetAsync(tenant, cancellationToken) is not null;
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            return true;
        }
    }

    /// <summary>The tenant's webhook, or null.</summary>
    /// <exception cref="Npgsql.NpgsqlException">PostgreSQL failed and nothing is known of the tenant.</exception>
    public async ValueTask<StatusWebhook?> GetAsync(string tenant, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(tenant, out var cached) && now < cached.FreshUntil)
            return cached.Webhook;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(LoadTimeout);
        try
        {
            var webhook = await store.GetAsync(tenant, timeout.Token);
            _cache[tenant] = (webhook, now + options.CacheTtl);
            return webhook;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return cached != default ? cached.Webhook : throw new TimeoutException("Reading the status webhook took too long.", ex);
        }
        catch (Npgsql.NpgsqlException) when (cached != default)
        {
            return cached.Webhook;
        }
    }
}
