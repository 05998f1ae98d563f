using Notify.Core.Storage;
using Notify.Core.Templates;

namespace Notify.Ingest.Templates;

/// <summary>A locale's SMS text measured with its variables empty: what it costs at least.</summary>
/// <param name="Locale">The locale.</param>
/// <param name="Text">The text with its variables empty.</param>
/// <param name="Encoding"><c>gsm-7</c> or <c>ucs-2</c>.</param>
/// <param name="Units">Septets (GSM-7) or UTF-16 units (UCS-2).</param>
/// <param name="Segments">Segments it costs.</param>
public sealed record SmsPreviewResponse(string Locale, string Text, string Encoding, int Units, int Segments)
{
    /// <summary>The answer form of <paramref name="preview"/>.</summary>
    public static SmsPreviewResponse From(SmsPreview preview) =>
        new(preview.Locale, preview.Text, preview.Measure.EncodingName, preview.Measure.Units, preview.Measure.Segments);
}

/// <summary>A template as <c>GET</c> and <c>PUT /v1/templates/{type}</c> answer it.</summary>
/// <param name="Type">Notification type.</param>
/// <param name="Source"><c>stored</c>: the tenant's own template; <c>builtin</c>: the wording the type has without one.</param>
/// <param name="DefaultLocale">Locale used when the user's has no entry.</param>
/// <param name="Locales">Locale → channel key → texts, as saved.</param>
/// <param name="Variables">Every data path the texts use.</param>
/// <param name="RequiredVariables">
/// Per channel, the data paths a notification sent on it must carry (a request lacking one is refused); none for the
/// built-in wording, which renders a missing value empty.
/// </param>
/// <param name="Sms">Each locale's SMS text, measured with its variables empty.</param>
/// <param name="Version">Incremented on every save; 0 for the built-in wording.</param>
/// <param name="UpdatedAt">When it was last saved; absent for the built-in wording.</param>
public sealed record TemplateResponse(
    string Type,
    string Source,
    string? DefaultLocale,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, ChannelTemplate>>? Locales,
    IReadOnlyList<string> Variables,
    IReadOnlyDictionary<string, IReadOnlyList<string>> RequiredVariables,
    IReadOnlyList<SmsPreviewResponse> Sms,
    long Version,
    DateTimeOffset? UpdatedAt)
{
    /// <summary>The <see cref="Source"/> of a tenant's own template.</summary>
    public const string Stored = "stored";

    /// <summary>The <see cref="Source"/> of the built-in wording.</summary>
    public const string BuiltIn = "builtin";

    /// <summary>The answer form of <paramref name="stored"/>; <paramref name="sms"/> from its analysis.</summary>
    public static TemplateResponse From(StoredTemplate stored, IEnumerable<SmsPreview> sms) =>
        new(stored.Type, Stored, stored.Document.DefaultLocale, stored.Document.Locales, stored.Variables,
            stored.Required.ToDictionary(p => Core.Notifications.Channels.ToWire(p.Key), p => p.Value, StringComparer.Ordinal),
            [.. sms.Select(SmsPreviewResponse.From)], stored.Version, stored.UpdatedAt);

    /// <summary>The answer form of the built-in wording of <paramref name="type"/>.</summary>
    public static TemplateResponse FromBuiltIn(string type, TemplateDocument document)
    {
        var analysis = TemplateAnalysis.Of(document, int.MaxValue);
        return new(type, BuiltIn, document.DefaultLocale, document.Locales, [.. analysis.Variables],
            new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal), [.. analysis.Sms.Select(SmsPreviewResponse.From)], 0, null);
    }
}
