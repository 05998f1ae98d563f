namespace Notify.Core.Templates;

/// <summary>
/// A notification type's template: per locale (<c>en</c>, <c>de-AT</c>), per channel key (<c>push</c>, <c>sms</c>,
/// <c>email</c>, <c>inapp</c>, <c>webhook</c>, or <c>default</c> for the channels without their own entry), the texts.
/// </summary>
/// <param name="DefaultLocale">The locale used when the user's locale (nor its language) has no entry; one of <paramref name="Locales"/>.</param>
/// <param name="Locales">Locale → channel key → texts.</param>
public sealed record TemplateDocument(string? DefaultLocale, IReadOnlyDictionary<string, IReadOnlyDictionary<string, ChannelTemplate>>? Locales)
{
    /// <summary>The channel key of a locale's fallback entry.</summary>
    public const string DefaultEntry = "default";
}
