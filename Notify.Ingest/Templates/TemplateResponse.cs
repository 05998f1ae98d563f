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
/// <param name="DefaultLocale">Locale used when the user's has no entry.</param>
/// <param name="Locales">Locale → channel key → texts, as saved.</param>
/// <param name="Variables">Every data path the texts use.</param>
/// <param name="RequiredVariables">Per channel, the data paths a notification sent on it must carry (a request lacking one is refused).</param>
/// <param name="Sms">Each locale's SMS text, measured with its variables empty.</param>
/// <param name="Version">Incremented on every save.</param>
/// <param name="UpdatedAt">When it was last saved.</param>
public sealed record TemplateResponse(
    string Type,
    string? DefaultLocale,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, ChannelTemplate>>? Locales,
    IReadOnlyList<string> Variables,
    IReadOnlyDictionary<string, IReadOnlyList<string>> RequiredVariables,
    IReadOnlyList<SmsPreviewResponse> Sms,
    long Version,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The answer form of <paramref name="stored"/>; <paramref name="sms"/> from its analysis.</summary>
    public static TemplateResponse From(StoredTemplate stored, IEnumerable<SmsPreview> sms) =>
        new(stored.Type, stored.Document.DefaultLocale, stored.Document.Locales, stored.Variables,
            stored.Required.ToDictionary(p => Core.Notifications.Channels.ToWire(p.Key), p => p.Value, StringComparer.Ordinal),
            [.. sms.Select(SmsPreviewResponse.From)], stored.Version, stored.UpdatedAt);
}
