using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Notify.Core.Storage;

/// <summary>
/// Where a newest-first page ended: the time and id of its last item. The next page starts strictly after it, so
/// items added meanwhile never shift a page (keyset paging). Its text form is opaque to clients.
/// </summary>
/// <param name="At">The last item's time.</param>
/// <param name="Id">The last item's id (breaks ties between items of the same time).</param>
public readonly record struct PageCursor(DateTimeOffset At, Guid Id)
{
    /// <summary>The text form: <c>&lt;UTC ticks&gt;-&lt;id&gt;</c>.</summary>
    public override string ToString() => $"{At.UtcTicks.ToString(CultureInfo.InvariantCulture)}-{Id:N}";

    /// <summary>Parses the text form of <see cref="ToString"/>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out PageCursor cursor)
    {
        cursor = default;
        int dash = value?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        if (dash <= 0
            || !long.TryParse(value.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out long ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks
            || !Guid.TryParseExact(value.AsSpan(dash + 1), "N", out Guid id))
        {
            return false;
        }

        cursor = new PageCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
        return true;
    }
}
