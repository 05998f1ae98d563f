using System.Globalization;
using Notify.Core.Storage;
using Notify.Ingest.Notifications;

namespace Notify.Ingest.Problems;

/// <summary>The paging parameters of a list endpoint: <c>limit</c> (1 to the store's maximum, default 50) and <c>after</c> (a previous page's <c>next</c>).</summary>
public static class PageQuery
{
    /// <summary>The page size when <c>limit</c> is absent.</summary>
    public const int DefaultSize = 50;

    /// <summary>Reads <paramref name="limit"/> and <paramref name="after"/>, adding to <paramref name="errors"/> what is wrong with them.</summary>
    public static (int Size, PageCursor? After) Read(string? limit, string? after, int maxPageSize, ref Dictionary<string, string[]>? errors)
    {
        var size = DefaultSize;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > maxPageSize))
            FieldErrors.Add(ref errors, "limit", $"Must be 1 to {maxPageSize}.");
        PageCursor cursor = default;
        if (after is not null && !PageCursor.TryParse(after, out cursor))
            FieldErrors.Add(ref errors, "after", "Must be the 'next' of a previous page.");
        return (size, after is null ? null : cursor);
    }
}
