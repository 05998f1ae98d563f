using Notify.Core.Storage;
using Notify.Core.Templates;
using Notify.Ingest.Messaging;
using NATS.Client.Core;
using Npgsql;

namespace Notify.Ingest.Templates;

/// <summary>
/// The tenants' templates as the API edits them: saved in (and deleted from) PostgreSQL, applied to this replica's checks at once and
/// announced to every other replica and dispatcher. Reports PostgreSQL being unreachable instead of throwing; a
/// change whose announcement NATS could not carry is still made (the others see it when their copy expires).
/// </summary>
public sealed partial class TemplateLibrary(TemplateStore store, TemplateRequirementsIndex index, INatsConnection nats, ILogger<TemplateLibrary> logger)
{
    /// <summary>Saves the analysed template; null when PostgreSQL is unreachable.</summary>
    public async Task<StoredTemplate?> SaveAsync(string tenant, string type, TemplateDocument document, TemplateAnalysis analysis,
        CancellationToken cancellationToken)
    {
        StoredTemplate stored;
        try
        {
            stored = await store.PutAsync(tenant, type, document, analysis.Variables, analysis.Required, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            LogStorageDown(e);
            return null;
        }

        index.Set(tenant, type, stored.Required);
        await AnnounceAsync(tenant, type, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <summary>
    /// Deletes the template, returning the type to its built-in wording: true when deleted, false when there was none,
    /// null when PostgreSQL is unreachable. Announced as a save is, so every dispatcher drops its copy.
    /// </summary>
    public async Task<bool?> DeleteAsync(string tenant, string type, CancellationToken cancellationToken)
    {
        bool deleted;
        try
        {
            deleted = await store.DeleteAsync(tenant, type, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            LogStorageDown(e);
            return null;
        }

        if (deleted)
        {
            index.Set(tenant, type, null);
            await AnnounceAsync(tenant, type, cancellationToken).ConfigureAwait(false);
        }
        return deleted;
    }

    private async Task AnnounceAsync(string tenant, string type, CancellationToken cancellationToken)
    {
        try
        {
            NatsOutage.ThrowIfDown(nats);
            await TemplateDirectory.AnnounceChangeAsync(nats, tenant, type, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsException e)
        {
            LogNotAnnounced(type, tenant, e);
        }
    }

    /// <summary>The tenant's template of <paramref name="type"/>: found, absent, or unknown because PostgreSQL is unreachable.</summary>
    public async Task<(StoredTemplate? Template, bool StorageDown)> GetAsync(string tenant, string type, CancellationToken cancellationToken)
    {
        try
        {
            return (await store.GetAsync(tenant, type, cancellationToken).ConfigureAwait(false), false);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            LogStorageDown(e);
            return (null, true);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Templates: PostgreSQL unreachable")]
    private partial void LogStorageDown(Exception exception);

    [LoggerMessage(LogLevel.Warning, "Template {Type} of tenant {Tenant} changed, but the change could not be announced; others see it after their cache TTL")]
    private partial void LogNotAnnounced(string type, string tenant, Exception exception);
}
