using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using Notify.Core.Messaging;
using Notify.Core.Storage;
using NATS.Client.Core;
using Npgsql;

namespace Notify.Core.Templates;

/// <summary>
/// Tenants' templates ready to render, for the dispatcher: loaded from <see cref="TemplateStore"/> once, compiled on
/// first use, kept until a save or a deletion is announced on <see cref="Subjects.TemplateCacheInvalidation"/> (or their TTL ends).
/// A reload that finds the same save (version and time) keeps the compiled copy. While PostgreSQL is unreachable an expired template
/// is served as it was.
/// </summary>
public sealed partial class TemplateDirectory : IAsyncDisposable
{
    private readonly TemplateStore _store;
    private readonly TemplateDirectoryOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<Key, Entry> _entries = new();
    private readonly CacheInvalidationListener _invalidations;

    /// <summary>A directory; it subscribes to invalidations on first use, or on <see cref="StartAsync"/>.</summary>
    public TemplateDirectory(TemplateStore store, INatsConnection nats, TemplateDirectoryOptions options, ILogger<TemplateDirectory> logger,
        TimeProvider? time = null)
    {
        _store = store;
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _invalidations = new CacheInvalidationListener(nats, Subjects.TemplateCacheInvalidationFilter,
            OnInvalidated, _ => OnReconnected(), e => LogInvalidationsStopped(_logger, e));
    }

    private readonly record struct Key(string TenantToken, string Type);

    /// <summary>A cached template and when it was saved: a template deleted and saved again restarts at version 1.</summary>
    private sealed record Entry(NotificationTemplate? Template, DateTimeOffset SavedAt, long FreshUntil);

    /// <summary>Subscribes to invalidations; returns once the server has the subscription. Idempotent.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => _invalidations.StartAsync(cancellationToken);

    /// <summary>The tenant's template of <paramref name="type"/>, or null when it has none.</summary>
    /// <exception cref="NpgsqlException">PostgreSQL failed and no earlier copy is held.</exception>
    public async ValueTask<NotificationTemplate?> GetAsync(string tenant, string type, CancellationToken cancellationToken = default)
    {
        var key = new Key(Subjects.Token(tenant), type);
        var now = _time.GetTimestamp();
        if (_invalidations.IsStarted && _entries.TryGetValue(key, out var entry) && now < entry.FreshUntil)
            return entry.Template;

        await StartAsync(cancellationToken).ConfigureAwait(false);
        _entries.TryGetValue(key, out var previous);
        try
        {
            var stored = await _store.GetAsync(tenant, type, cancellationToken).ConfigureAwait(false);
            var template = stored is null ? null
                : previous?.Template is { } same && same.Version == stored.Version && previous.SavedAt == stored.UpdatedAt ? same
                : new NotificationTemplate(type, stored.Document, stored.Version);
            _entries[key] = new Entry(template, stored?.UpdatedAt ?? default, FreshUntil(_options.Ttl));
            return template;
        }
        catch (Exception e) when (previous is not null && e is NpgsqlException { IsTransient: true } or TimeoutException)
        {
            LogServingStale(_logger, tenant, type, e.Message);
            _entries[key] = previous with { FreshUntil = FreshUntil(_options.StaleRetryInterval) };
            return previous.Template;
        }
    }

    /// <summary>Announces that the tenant's template of <paramref name="type"/> changed, to every replica (this one included).</summary>
    public static ValueTask AnnounceChangeAsync(INatsConnection nats, string tenant, string type, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nats);
        return nats.PublishAsync(Subjects.TemplateCacheInvalidation(tenant), type, cancellationToken: cancellationToken);
    }

    /// <summary>Unsubscribes and stops listening.</summary>
    public ValueTask DisposeAsync() => _invalidations.DisposeAsync();

    private long FreshUntil(TimeSpan period) => _time.GetTimestamp() + (long)(period.TotalSeconds * _time.TimestampFrequency);

    private void OnInvalidated(string tenantToken, string type)
    {
        var key = new Key(tenantToken, type);
        // Expire rather than drop: the next read loads the new version, and keeps serving this one if PostgreSQL is down.
        if (_entries.TryGetValue(key, out var entry))
            _entries[key] = entry with { FreshUntil = long.MinValue };
    }

    private void OnReconnected()
    {
        // Announcements sent while the link was down are lost: every template is read again on its next use.
        foreach (var (key, entry) in _entries)
            _entries[key] = entry with { FreshUntil = long.MinValue };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL unreachable; serving the cached template {Type} of tenant {Tenant}: {Error}")]
    private static partial void LogServingStale(ILogger logger, string tenant, string type, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Template cache invalidations stopped; templates changed elsewhere are seen only after their TTL")]
    private static partial void LogInvalidationsStopped(ILogger logger, Exception? exception);
}
