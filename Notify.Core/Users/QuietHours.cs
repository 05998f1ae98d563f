namespace Notify.Core.Users;

/// <summary>
/// A daily window, in the user's own time zone, when non-critical notifications wait. <see cref="Start"/> after
/// <see cref="End"/> crosses midnight (22:00–07:00); equal times mean no window.
/// </summary>
/// <param name="Start">Local time the window opens.</param>
/// <param name="End">Local time it closes.</param>
public sealed record QuietHours(TimeOnly Start, TimeOnly End)
{
    /// <summary>
    /// When the window around <paramref name="instant"/> ends, or null when <paramref name="instant"/> is outside it.
    /// Computed on the local wall clock of <paramref name="zone"/>, so a DST change inside the window moves the end
    /// instant with it: an end that falls in a spring-forward gap is the first local time after the gap, an end that
    /// occurs twice (fall back) is its first occurrence.
    /// </summary>
    public DateTimeOffset? EndAfter(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (Start == End)
            return null;
        DateTime local = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        var time = TimeOnly.FromDateTime(local);
        DateTime day = local.Date;
        DateTime? end = Start < End
            ? time >= Start && time < End ? day + End.ToTimeSpan() : null
            : time >= Start ? day.AddDays(1) + End.ToTimeSpan()
            : time < End ? day + End.ToTimeSpan() : null;
        return end is { } wallClock ? ToInstant(wallClock, zone) : null;
    }

    /// <summary>The zone named by an IANA id, or UTC when the id is missing or unknown.</summary>
    public static TimeZoneInfo ZoneOf(string? ianaId) =>
        ianaId is not null && TimeZoneInfo.TryFindSystemTimeZoneById(ianaId, out var zone) ? zone : TimeZoneInfo.Utc;

    private static DateTimeOffset ToInstant(DateTime wallClock, TimeZoneInfo zone)
    {
        // A wall-clock time skipped by spring-forward does not exist: the window ends when the clock jumps past it.
        for (var i = 0; zone.IsInvalidTime(wallClock) && i < 24 * 60; i++)
            wallClock = wallClock.AddMinutes(1);
        TimeSpan offset = zone.IsAmbiguousTime(wallClock) ? zone.GetAmbiguousTimeOffsets(wallClock).Max() : zone.GetUtcOffset(wallClock);
        return new DateTimeOffset(DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified), offset);
    }
}
