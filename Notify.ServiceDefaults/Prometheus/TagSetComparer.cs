namespace Notify.ServiceDefaults.Prometheus;

/// <summary>
/// Compares tag sets regardless of order, and a measurement's tag span against a stored set, so the record path
/// finds its series through an alternate lookup without building a key.
/// </summary>
internal sealed class TagSetComparer :
    IEqualityComparer<TagSet>,
    IAlternateEqualityComparer<ReadOnlySpan<KeyValuePair<string, object?>>, TagSet>
{
    public static readonly TagSetComparer Instance = new();

    /// <summary>Order-independent: the per-tag hashes are summed.</summary>
    public static int HashOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        int hash = tags.Length;
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            hash += HashCode.Combine(tag.Key, tag.Value);
        }

        return hash;
    }

    public bool Equals(TagSet? x, TagSet? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.Hash == y.Hash && Equals(x.Tags, y));

    public int GetHashCode(TagSet set) => set.Hash;

    public bool Equals(ReadOnlySpan<KeyValuePair<string, object?>> alternate, TagSet other)
    {
        if (alternate.Length != other.Tags.Length)
        {
            return false;
        }

        foreach (KeyValuePair<string, object?> tag in alternate)
        {
            if (!Contains(other.Tags, tag))
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => HashOf(alternate);

    public TagSet Create(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => TagSet.Create(alternate);

    private static bool Contains(KeyValuePair<string, object?>[] sorted, KeyValuePair<string, object?> tag)
    {
        // Series have a handful of tags: a linear scan beats a binary search here.
        foreach (KeyValuePair<string, object?> candidate in sorted)
        {
            if (string.Equals(candidate.Key, tag.Key, StringComparison.Ordinal))
            {
                return Equals(candidate.Value, tag.Value);
            }
        }

        return false;
    }
}
