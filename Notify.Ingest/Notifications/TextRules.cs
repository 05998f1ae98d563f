namespace Notify.Ingest.Notifications;

/// <summary>What counts as acceptable text in identifiers and keys.</summary>
public static class TextRules
{
    /// <summary>1 to <paramref name="maxLength"/> characters, none of them a control character, not all blank.</summary>
    public static bool IsPrintable(string? value, int maxLength) =>
        value is { Length: > 0 } && value.Length <= maxLength && !value.AsSpan().ContainsAnyInRange('\u0000', '\u001f')
        && !value.AsSpan().ContainsAnyInRange('\u007f', '\u009f') && !string.IsNullOrWhiteSpace(value);

    /// <summary>1 to <paramref name="maxLength"/> printable ASCII characters (what an HTTP header can carry unambiguously).</summary>
    public static bool IsPrintableAscii(string? value, int maxLength) =>
        value is { Length: > 0 } && value.Length <= maxLength && !value.AsSpan().ContainsAnyExceptInRange(' ', '~') && !string.IsNullOrWhiteSpace(value);
}
