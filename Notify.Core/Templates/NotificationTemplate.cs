using Notify.Core.Notifications;

namespace Notify.Core.Templates;

/// <summary>
/// A type's template ready to render: each text is compiled on first use and kept, so a busy type compiles once per
/// process. Immutable once built; a changed template is a new instance.
/// </summary>
public sealed class NotificationTemplate
{
    private readonly Dictionary<string, (string Locale, Dictionary<string, CompiledEntry> Entries)> _locales;

    /// <summary>The template of <paramref name="document"/> (already validated when it was saved).</summary>
    public NotificationTemplate(string type, TemplateDocument document, long version)
    {
        ArgumentNullException.ThrowIfNull(document);
        Type = type;
        Version = version;
        DefaultLocale = document.DefaultLocale;
        _locales = new Dictionary<string, (string, Dictionary<string, CompiledEntry>)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (locale, entries) in document.Locales ?? new Dictionary<string, IReadOnlyDictionary<string, ChannelTemplate>>())
            _locales[locale] = (locale, entries.ToDictionary(e => e.Key, e => new CompiledEntry(e.Value), StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The notification type.</summary>
    public string Type { get; }

    /// <summary>The stored version it was built from.</summary>
    public long Version { get; }

    /// <summary>The template's default locale.</summary>
    public string? DefaultLocale { get; }

    /// <summary>
    /// The texts for <paramref name="channel"/> in the user's <paramref name="locale"/> (falling back to its language,
    /// then the default locale; in each, the channel's entry before the <c>default</c> one), or null when no locale has
    /// an entry for the channel.
    /// </summary>
    /// <exception cref="TemplateSyntaxException">A stored text no longer compiles or renders.</exception>
    public RenderedTexts? Render(Channel channel, string? locale, IReadOnlyDictionary<string, object?> context)
    {
        foreach (var candidate in TemplateEntries.Chain(locale, DefaultLocale))
        {
            if (!_locales.TryGetValue(candidate, out var found))
                continue;
            var entries = found.Entries;
            var entry = entries.TryGetValue(TemplateEntries.KeyOf(channel), out var own) ? own
                : entries.TryGetValue(TemplateDocument.DefaultEntry, out var fallback) ? fallback
                : null;
            if (entry is not null)
                return entry.Render(channel, found.Locale, context);
        }
        return null;
    }

    private sealed class CompiledEntry(ChannelTemplate source)
    {
        private readonly Lazy<Func<object, string>?> _title = Compiled(source.Subject ?? source.Title, html: false);
        private readonly Lazy<Func<object, string>?> _body = Compiled(source.Body, html: false);
        private readonly Lazy<Func<object, string>?> _text = Compiled(source.Text ?? source.Body, html: false);
        private readonly Lazy<Func<object, string>?> _html = Compiled(source.Html, html: true);
        private readonly Lazy<Func<object, string>?> _plainTitle = Compiled(source.Title, html: false);

        public RenderedTexts Render(Channel channel, string locale, object context) => channel == Channel.Email
            ? new RenderedTexts(locale, Apply(_title, context), Apply(_text, context), Apply(_html, context))
            : new RenderedTexts(locale, Apply(_plainTitle, context), Apply(_body, context), null);

        private static Lazy<Func<object, string>?> Compiled(string? text, bool html) =>
            new(() => text is null ? null : TemplateEngine.Compile(text, html), LazyThreadSafetyMode.ExecutionAndPublication);

        private static string? Apply(Lazy<Func<object, string>?> text, object context)
        {
            if (text.Value is not { } render)
                return null;
            try
            {
                return render(context);
            }
            catch (HandlebarsDotNet.HandlebarsException e)
            {
                throw new TemplateSyntaxException(e.Message, e);
            }
        }
    }
}
