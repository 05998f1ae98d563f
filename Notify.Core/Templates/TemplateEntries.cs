using Notify.Core.Notifications;

namespace Notify.Core.Templates;

/// <summary>Which entry of a locale serves a channel, and which of its fields that channel reads.</summary>
public static class TemplateEntries
{
    /// <summary>The entry key of <paramref name="channel"/>: its wire name.</summary>
    public static string KeyOf(Channel channel) => channel.ToWire();

    /// <summary>The locale's entry for <paramref name="channel"/>: its own, else the locale's <c>default</c> one.</summary>
    public static ChannelTemplate? Find(IReadOnlyDictionary<string, ChannelTemplate> entries, Channel channel) =>
        entries.TryGetValue(KeyOf(channel), out var own) ? own
        : entries.TryGetValue(TemplateDocument.DefaultEntry, out var fallback) ? fallback
        : null;

    /// <summary>The texts of <paramref name="entry"/> that <paramref name="channel"/> renders (a <c>default</c> entry has title and body).</summary>
    public static IEnumerable<string> TextsFor(ChannelTemplate entry, Channel channel)
    {
        string?[] texts = channel switch
        {
            Channel.Email => [entry.Subject ?? entry.Title, entry.Html, entry.Text ?? entry.Body],
            Channel.Sms => [entry.Body],
            _ => [entry.Title, entry.Body],
        };
        return texts.OfType<string>();
    }

    /// <summary>
    /// The locales to try for a user's <paramref name="locale"/>, most specific first: <c>de-AT</c>, <c>de</c>, then the
    /// template's <paramref name="defaultLocale"/>.
    /// </summary>
    public static IEnumerable<string> Chain(string? locale, string? defaultLocale)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var candidate = locale?.Trim().Replace('_', '-'); !string.IsNullOrEmpty(candidate);)
        {
            if (seen.Add(candidate))
                yield return candidate;
            var cut = candidate.LastIndexOf('-');
            candidate = cut > 0 ? candidate[..cut] : null;
        }
        if (!string.IsNullOrEmpty(defaultLocale) && seen.Add(defaultLocale))
            yield return defaultLocale;
    }
}
