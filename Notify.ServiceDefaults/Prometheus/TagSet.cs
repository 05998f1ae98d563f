namespace Notify.ServiceDefaults.Prometheus;

/// <summary>
/// The tags of one series, sorted by key so that the same tags in another order name the same series. Created
/// once per series; lookups compare a measurement's tag span against it without copying (<see cref="TagSetComparer"/>).
/// </summary>
internal sealed class TagSet
{
    public static readonly TagSet Overflow = new([new("otel.metric.overflow", true)], 0);

    private string? _labels;

    private TagSet(KeyValuePair<string, object?>[] tags, int hash)
    {
        Tags = tags;
        Hash = hash;
    }

    public KeyValuePair<string, object?>[] Tags { get; }

    public int Hash { get; }

    /// <summary>The tags as Prometheus labels (<c>a="1",b="x"</c>), formatted on the first scrape that needs them.</summary>
    public string Labels => _labels ??= PrometheusNames.FormatLabels(Tags);

    public static TagSet Create(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        KeyValuePair<string, object?>[] sorted = tags.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new TagSet(sorted, TagSetComparer.HashOf(tags));
    }
}
