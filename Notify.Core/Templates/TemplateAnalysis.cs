using System.Text.RegularExpressions;
using Notify.Core.Notifications;

namespace Notify.Core.Templates;

/// <summary>
/// Checks a template before it is saved — every text compiles and renders, each channel has the fields it needs, the
/// SMS text fits the allowed segments — and extracts the data paths it uses, naming each problem's field
/// (<c>locales.en.sms.body</c>).
/// </summary>
public sealed partial class TemplateAnalysis
{
    /// <summary>Most locales in one template.</summary>
    public const int MaxLocales = 50;

    /// <summary>Longest text.</summary>
    public const int MaxTextLength = 20_000;

    private TemplateAnalysis(Dictionary<string, string[]>? errors, IReadOnlySet<string> variables,
        IReadOnlyDictionary<Channel, IReadOnlySet<string>> required, IReadOnlyList<SmsPreview> sms)
    {
        Errors = errors;
        Variables = variables;
        Required = required;
        Sms = sms;
    }

    /// <summary>The problems, by field; null when the template is valid.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; }

    /// <summary>Every data path the template uses.</summary>
    public IReadOnlySet<string> Variables { get; }

    /// <summary>Per channel, the data paths a notification sent on it must carry, whatever the user's locale.</summary>
    public IReadOnlyDictionary<Channel, IReadOnlySet<string>> Required { get; }

    /// <summary>Each locale's SMS text, measured with its variables empty.</summary>
    public IReadOnlyList<SmsPreview> Sms { get; }

    /// <summary>Analyses <paramref name="document"/>; an SMS text over <paramref name="maxSmsSegments"/> segments is an error.</summary>
    public static TemplateAnalysis Of(TemplateDocument document, int maxSmsSegments)
    {
        ArgumentNullException.ThrowIfNull(document);
        Dictionary<string, string[]>? errors = null;
        var variables = new SortedSet<string>(StringComparer.Ordinal);
        var required = Channels.All.ToDictionary(c => c, _ => (ISet<string>)new SortedSet<string>(StringComparer.Ordinal));
        var sms = new List<SmsPreview>();
        var usages = new Dictionary<string, TemplateUsage>(StringComparer.Ordinal);

        var locales = document.Locales;
        if (locales is not { Count: > 0 })
            Add(ref errors, "locales", "Give at least one locale, e.g. {\"en\": {\"default\": {\"title\": …, \"body\": …}}}.");
        else if (locales.Count > MaxLocales)
            Add(ref errors, "locales", $"At most {MaxLocales} locales.");
        if (string.IsNullOrEmpty(document.DefaultLocale))
            Add(ref errors, "defaultLocale", "Required: the locale used when the user's has no entry.");
        else if (locales is not null && !locales.Keys.Any(l => string.Equals(l, document.DefaultLocale, StringComparison.OrdinalIgnoreCase)))
            Add(ref errors, "defaultLocale", $"'{document.DefaultLocale}' is not one of the template's locales.");

        if (locales is not null && locales.Count <= MaxLocales)
        {
            if (locales.Keys.GroupBy(l => l, StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
                Add(ref errors, "locales", "A locale is named twice (locales are case-insensitive).");
            foreach (var (locale, entries) in locales)
            {
                var at = $"locales.{locale}";
                if (!LocalePattern().IsMatch(locale))
                    Add(ref errors, at, "Not a locale tag such as en, de or de-AT.");
                if (entries is not { Count: > 0 })
                {
                    Add(ref errors, at, "Give at least one channel entry (push, sms, email, inapp, webhook or default).");
                    continue;
                }
                foreach (var (key, entry) in entries)
                    CheckEntry($"{at}.{key}", key, entry, usages, variables, ref errors);
                if (Channels.All.Any(c => entries.ContainsKey(c.ToWire())) || entries.ContainsKey(TemplateDocument.DefaultEntry))
                    Collect(entries, usages, $"{at}.", required);
                if (TemplateEntries.Find(entries, Channel.Sms) is { Body: { } smsBody })
                {
                    var field = $"{at}.{(entries.ContainsKey("sms") ? "sms" : TemplateDocument.DefaultEntry)}.body";
                    if (Preview(smsBody) is { } text)
                    {
                        var measure = SmsSegments.Measure(text);
                        sms.Add(new SmsPreview(locale, text, measure));
                        if (measure.Segments > maxSmsSegments)
                            Add(ref errors, field, $"The SMS text needs {measure.Segments} {measure.EncodingName} segments even with its variables empty; at most {maxSmsSegments} are allowed.");
                    }
                }
            }
        }

        return new TemplateAnalysis(errors, variables, required.ToDictionary(p => p.Key, p => (IReadOnlySet<string>)(SortedSet<string>)p.Value), sms);
    }

    private static void CheckEntry(string at, string key, ChannelTemplate? entry, Dictionary<string, TemplateUsage> usages,
        SortedSet<string> variables, ref Dictionary<string, string[]>? errors)
    {
        if (entry is null)
        {
            Add(ref errors, at, "Must be an object of texts.");
            return;
        }
        Channel? channel = Channels.TryParse(key, out var c) && c.ToWire() == key ? c : null;
        if (channel is null && key != TemplateDocument.DefaultEntry)
        {
            Add(ref errors, at, "Unknown channel; use push, sms, email, inapp, webhook or default.");
            return;
        }

        (string Name, string? Text, bool Html)[] fields =
            [("title", entry.Title, false), ("body", entry.Body, false), ("subject", entry.Subject, false), ("html", entry.Html, true), ("text", entry.Text, false)];
        string[] allowed = channel switch
        {
            Channel.Email => ["subject", "html", "text"],
            Channel.Sms => ["body"],
            _ => ["title", "body"],
        };
        foreach (var (name, text, html) in fields)
        {
            if (text is null)
                continue;
            var field = $"{at}.{name}";
            if (!allowed.Contains(name))
                Add(ref errors, field, $"Not used by {key}; it takes {string.Join(", ", allowed)}.");
            else if (text.Length is 0 or > MaxTextLength)
                Add(ref errors, field, $"Must be 1 to {MaxTextLength} characters.");
            else if (Check(text, html) is { } problem)
                Add(ref errors, field, problem);
            else
            {
                var usage = TemplateVariables.Scan(text);
                usages[field] = usage;
                variables.UnionWith(usage.Used);
            }
        }

        if (channel == Channel.Email && entry.Subject is null)
            Add(ref errors, $"{at}.subject", "Required for email.");
        if (channel == Channel.Email && entry.Html is null && entry.Text is null)
            Add(ref errors, $"{at}.html", "Email needs html, text or both.");
        if (channel != Channel.Email && entry.Body is null)
            Add(ref errors, $"{at}.body", "Required.");
    }

    /// <summary>Why <paramref name="text"/> cannot be a template, or null when it compiles and renders.</summary>
    private static string? Check(string text, bool html)
    {
        try
        {
            var usage = TemplateVariables.Scan(text);
            if (usage.UsesPartials)
                return "Partials ({{> name}}) are not supported.";
            var render = TemplateEngine.Compile(text, html);
            // Render once with nothing and once with every variable set, so a helper that does not exist shows now
            // (the engine resolves helpers when it renders), inside a block as well as outside.
            render(new Dictionary<string, object?>());
            render(Sample(usage.Used));
            return null;
        }
        catch (TemplateSyntaxException e)
        {
            return $"Not a valid template: {e.Message}";
        }
        catch (HandlebarsDotNet.HandlebarsException e)
        {
            return $"Not a valid template: {e.Message}";
        }
    }

    /// <summary>A context with every path set to a short text (a path that is also a parent becomes an object).</summary>
    private static Dictionary<string, object?> Sample(IEnumerable<string> paths)
    {
        var root = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var node = root;
            var segments = path.Split('.');
            for (var i = 0; i < segments.Length - 1; i++)
            {
                if (node.GetValueOrDefault(segments[i]) is not Dictionary<string, object?> child)
                    node[segments[i]] = child = new Dictionary<string, object?>(StringComparer.Ordinal);
                node = child;
            }
            node.TryAdd(segments[^1], "x");
        }
        return root;
    }

    /// <summary>The SMS text with its variables empty, or null when it does not render.</summary>
    private static string? Preview(string body)
    {
        try
        {
            return TemplateEngine.Compile(body, html: false)(new Dictionary<string, object?>());
        }
        catch (Exception e) when (e is TemplateSyntaxException or HandlebarsDotNet.HandlebarsException)
        {
            return null; // reported by the entry's own check
        }
    }

    /// <summary>Adds the required paths of the texts each channel renders in this locale.</summary>
    private static void Collect(IReadOnlyDictionary<string, ChannelTemplate> entries, Dictionary<string, TemplateUsage> usages, string localePrefix,
        Dictionary<Channel, ISet<string>> required)
    {
        foreach (var channel in Channels.All)
        {
            var key = entries.ContainsKey(channel.ToWire()) ? channel.ToWire() : entries.ContainsKey(TemplateDocument.DefaultEntry) ? TemplateDocument.DefaultEntry : null;
            if (key is null)
                continue;
            string[] names = channel switch
            {
                Channel.Email when key == TemplateDocument.DefaultEntry => ["title", "body"],
                Channel.Email => ["subject", "html", "text"],
                Channel.Sms => ["body"],
                _ => ["title", "body"],
            };
            foreach (var name in names)
                if (usages.TryGetValue($"{localePrefix}{key}.{name}", out var usage))
                    required[channel].UnionWith(usage.Required);
        }
    }

    private static void Add(ref Dictionary<string, string[]>? errors, string field, string message)
    {
        errors ??= new Dictionary<string, string[]>(StringComparer.Ordinal);
        errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
    }

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", RegexOptions.CultureInvariant)]
    private static partial Regex LocalePattern();
}
