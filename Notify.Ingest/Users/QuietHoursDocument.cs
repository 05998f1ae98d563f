using System.Globalization;
using Notify.Core.Users;
using Notify.Ingest.Notifications;

namespace Notify.Ingest.Users;

/// <summary>
/// Quiet hours on the wire: <c>{"start": "22:00", "end": "07:00"}</c>, local times (<c>HH:mm</c>) in the time zone of
/// the user's contacts (UTC when none is set). A start after the end crosses midnight.
/// </summary>
/// <param name="Start">When the window opens.</param>
/// <param name="End">When it closes.</param>
public sealed record QuietHoursDocument(string? Start, string? End)
{
    private const string Format = "HH:mm";

    /// <summary>The wire form of <paramref name="quietHours"/>.</summary>
    public static QuietHoursDocument From(QuietHours quietHours) =>
        new(quietHours.Start.ToString(Format, CultureInfo.InvariantCulture), quietHours.End.ToString(Format, CultureInfo.InvariantCulture));

    /// <summary>Adds an error for each bad field, named under <paramref name="field"/>.</summary>
    public void Check(string field, ref Dictionary<string, string[]>? errors)
    {
        if (!TryParse(Start, out _))
            FieldErrors.Add(ref errors, $"{field}.start", "Must be a local time as HH:mm, e.g. 22:00.");
        if (!TryParse(End, out _))
            FieldErrors.Add(ref errors, $"{field}.end", "Must be a local time as HH:mm, e.g. 07:00.");
        else if (TryParse(Start, out var start) && TryParse(End, out var end) && start == end)
            FieldErrors.Add(ref errors, $"{field}.end", "Must differ from the start.");
    }

    /// <summary>The domain form; call only once <see cref="Check"/> found no error.</summary>
    public QuietHours ToQuietHours() =>
        new(TryParse(Start, out var start) ? start : default, TryParse(End, out var end) ? end : default);

    private static bool TryParse(string? value, out TimeOnly time) =>
        TimeOnly.TryParseExact(value, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}
