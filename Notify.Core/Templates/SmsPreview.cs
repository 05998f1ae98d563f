namespace Notify.Core.Templates;

/// <summary>The size of a locale's SMS text with every variable left empty: the least it costs.</summary>
/// <param name="Locale">The locale.</param>
/// <param name="Text">The text with its variables empty.</param>
/// <param name="Measure">Its encoding and segments.</param>
public sealed record SmsPreview(string Locale, string Text, SmsMeasure Measure);
