using System.Collections.Concurrent;
using System.Text.Json;
using Notify.Core.Notifications;
using Notify.Core.Storage;
using Notify.Core.Templates;

namespace Notify.Ingest.Templates;

/// <summary>
/// The data paths each tenant's templates need, held in memory so a request is checked without PostgreSQL: accepting
/// needs NATS alone. Loaded at start and refreshed on every announced change by <see cref="TemplateRequirementsLoader"/>.
/// While the set is unknown — before the first load succeeded, or for a type whose reload after a change failed —
/// requests are accepted unchecked rather than refused: a notification rendered with a blank variable is a lesser
/// harm than refusing every order update while the database is down.
/// </summary>
public sealed class TemplateRequirementsIndex
{
    private static readonly IReadOnlyDictionary<Channel, IReadOnlyList<string>> Unknown = new Dictionary<Channel, IReadOnlyList<string>>();

    private readonly ConcurrentDictionary<(string Tenant, string Type), IReadOnlyDictionary<Channel, IReadOnlyList<string>>> _required = new();
    private volatile bool _loaded;

    /// <summary>Whether the whole set has been loaded at least once.</summary>
    public bool IsLoaded => _loaded;

    /// <summary>Replaces everything with <paramref name="all"/> (a full load).</summary>
    public void ReplaceAll(IEnumerable<TemplateRequirements> all)
    {
        var fresh = all.ToDictionary(r => (r.Tenant, r.Type), r => r.Required);
        foreach (var key in _required.Keys)
            if (!fresh.ContainsKey(key))
                _required.TryRemove(key, out _);
        foreach (var (key, required) in fresh)
            _required[key] = required;
        _loaded = true;
    }

    /// <summary>Sets the requirements of one template (null: the tenant has none for the type).</summary>
    public void Set(string tenant, string type, IReadOnlyDictionary<Channel, IReadOnlyList<string>>? required)
    {
        if (required is null)
            _required.TryRemove((tenant, type), out _);
        else
            _required[(tenant, type)] = required;
    }

    /// <summary>Marks one template unknown (its reload failed): requests of its type are accepted unchecked until it loads.</summary>
    public void MarkUnknown(string tenant, string type) => _required[(tenant, type)] = Unknown;

    /// <summary>
    /// The data paths <paramref name="content"/> lacks for the template of its type, on any channel it may go to
    /// (the ones it names, else every channel) and in any locale; empty when it lacks none or nothing is known.
    /// </summary>
    public IReadOnlyList<string> Missing(string tenant, string type, IReadOnlyList<Channel>? channels, JsonElement? data, string? orderId)
    {
        if (!_loaded || !_required.TryGetValue((tenant, type), out var required) || ReferenceEquals(required, Unknown))
            return [];
        List<string>? missing = null;
        foreach (var channel in channels ?? Channels.All)
        {
            if (!required.TryGetValue(channel, out var paths))
                continue;
            foreach (var path in paths)
                if (!TemplateData.Has(data, path, orderId) && !(missing ??= []).Contains(path))
                    missing.Add(path);
        }
        return missing ?? (IReadOnlyList<string>)[];
    }
}
