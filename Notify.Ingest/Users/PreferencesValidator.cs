using System.Text.RegularExpressions;
using Notify.Core.Notifications;
using Notify.Ingest.Notifications;

namespace Notify.Ingest.Users;

/// <summary>Checks a <see cref="PreferencesDocument"/>, naming each bad field.</summary>
public static partial class PreferencesValidator
{
    private const int MaxOptOuts = 100;

    /// <summary>Adds an error for each bad field of <paramref name="preferences"/>.</summary>
    public static void Check(PreferencesDocument preferences, ref Dictionary<string, string[]>? errors)
    {
        CheckChannels(preferences.DisabledChannels, "disabledChannels", allowEmpty: true, ref errors);
        if (preferences.Fallback is { } fallback)
        {
            foreach (var (priority, channels) in fallback)
            {
                if (!Priorities.TryParse(priority, out _))
                    FieldErrors.Add(ref errors, "fallback", $"'{priority}' is not a priority: use critical, high, normal or low.");
                else
                    CheckChannels(channels, $"fallback.{priority}", allowEmpty: false, ref errors);
            }
            if (fallback.Keys.Select(k => k.ToLowerInvariant()).Distinct().Count() != fallback.Count)
                FieldErrors.Add(ref errors, "fallback", "A priority is listed twice.");
        }
        if (preferences.OptOuts is { } optOuts)
        {
            if (optOuts.Count > MaxOptOuts)
                FieldErrors.Add(ref errors, "optOuts", $"At most {MaxOptOuts} entries.");
            if (optOuts.Any(o => o is null || o.Length > NotificationValidator.MaxTypeLength || !TypeOrCategory().IsMatch(o)))
                FieldErrors.Add(ref errors, "optOuts", "Each entry must be a notification type (promo.weekend) or a category (promo.*).");
        }
    }

    private static void CheckChannels(IReadOnlyList<string>? names, string field, bool allowEmpty, ref Dictionary<string, string[]>? errors)
    {
        if (names is null)
        {
            if (!allowEmpty)
                FieldErrors.Add(ref errors, field, "Name at least one channel.");
            return;
        }
        if (names.Count == 0 && !allowEmpty)
            FieldErrors.Add(ref errors, field, "Name at least one channel.");
        var seen = new HashSet<Channel>();
        foreach (var name in names)
        {
            if (!Channels.TryParse(name, out var channel))
                FieldErrors.Add(ref errors, field, $"Unknown channel '{name}'; use push, sms, email, inapp or webhook.");
            else if (!seen.Add(channel))
                FieldErrors.Add(ref errors, field, $"Channel '{channel.ToWire()}' is named twice.");
        }
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)*(\.\*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex TypeOrCategory();
}
