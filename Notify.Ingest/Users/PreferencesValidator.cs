using System.Text.RegularExpressions;
using Notify.Core.Notifications;
using Notify.Ingest.Notifications;

namespace Notify.Ingest.Users;

/// <summary>Checks a <see cref="PreferencesDocument"/>, naming each bad field.</summary>
public static partial class PreferencesValidator
{
    private const int MaxOptOuts = 100;
    private const int MaxTypes = 100;

    /// <summary>Adds an error for each bad field of <paramref name="preferences"/>; <paramref name="catalog"/> says which types are required.</summary>
    public static void Check(PreferencesDocument preferences, NotificationTypeCatalog catalog, ref Dictionary<string, string[]>? errors)
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
        preferences.QuietHours?.Check("quietHours", ref errors);
        if (preferences.OptOuts is { } optOuts)
        {
            if (optOuts.Count > MaxOptOuts)
                FieldErrors.Add(ref errors, "optOuts", $"At most {MaxOptOuts} entries.");
            if (optOuts.Any(o => o is null || o.Length > NotificationValidator.MaxTypeLength || !TypeOrCategory().IsMatch(o)))
                FieldErrors.Add(ref errors, "optOuts", "Each entry must be a notification type (promo.weekend) or a category (promo.*).");
            foreach (var required in optOuts.Where(o => o is not null && IsRequired(catalog, o)))
                FieldErrors.Add(ref errors, "optOuts", $"'{required}' is required by the operator; users cannot opt out of it.");
        }
        if (preferences.Types is { } types)
            CheckTypes(types, catalog, ref errors);
    }

    /// <summary>
    /// Whether <paramref name="entry"/> names a required type, or a category the operator marked required as a whole
    /// (<c>security.*</c>). A wider category that merely covers some required types (<c>order.*</c>) is not.
    /// </summary>
    public static bool IsRequired(NotificationTypeCatalog catalog, string entry) =>
        entry.EndsWith(".*", StringComparison.Ordinal)
            ? catalog.Find(entry[..^2] + ".x") is { Required: true } rule && rule.Pattern == entry
            : catalog.Find(entry)?.Required == true;

    private static void CheckTypes(IReadOnlyList<TypeChannelsDocument> types, NotificationTypeCatalog catalog, ref Dictionary<string, string[]>? errors)
    {
        if (types.Count > MaxTypes)
            FieldErrors.Add(ref errors, "types", $"At most {MaxTypes} entries.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < types.Count; i++)
        {
            var entry = types[i];
            var field = $"types[{i}]";
            if (entry is null || entry.Type is not { } type || type.Length > NotificationValidator.MaxTypeLength || !TypeOrCategory().IsMatch(type))
            {
                FieldErrors.Add(ref errors, $"{field}.type", "Must be a notification type (promo.weekend) or a category (promo.*).");
                continue;
            }
            if (!seen.Add(type))
                FieldErrors.Add(ref errors, $"{field}.type", $"'{type}' is listed twice.");
            var choosesChannels = entry.DisabledChannels is not null || entry.OnlyChannels is not null;
            if (choosesChannels && IsRequired(catalog, type))
                FieldErrors.Add(ref errors, $"{field}.type", $"'{type}' is required by the operator; its channels cannot be turned off.");
            if (!choosesChannels && entry.Routing is null)
                FieldErrors.Add(ref errors, field, "Give disabledChannels, onlyChannels, routing or several of them.");
            if (entry.Routing is not null && !Routings.TryParse(entry.Routing, out _))
                FieldErrors.Add(ref errors, $"{field}.routing", $"Unknown routing '{entry.Routing}'; use fallback or all.");
            if (entry.DisabledChannels is not null)
                CheckChannels(entry.DisabledChannels, $"{field}.disabledChannels", allowEmpty: true, ref errors);
            if (entry.OnlyChannels is not null)
                CheckChannels(entry.OnlyChannels, $"{field}.onlyChannels", allowEmpty: false, ref errors);
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
