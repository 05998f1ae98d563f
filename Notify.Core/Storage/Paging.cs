namespace Notify.Core.Storage;

/// <summary>Keyset pages: a query asks for one row more than the page, and that extra row says another page follows.</summary>
internal static class Paging
{
    public static Page<T> ToPage<T>(List<T> rows, int fetched, Func<T, PageCursor> cursorOf)
    {
        if (rows.Count < fetched)
            return new Page<T>(rows, null);
        rows.RemoveAt(rows.Count - 1);
        return new Page<T>(rows, cursorOf(rows[^1]));
    }
}
