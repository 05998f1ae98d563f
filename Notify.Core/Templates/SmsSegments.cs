namespace Notify.Core.Templates;

/// <summary>
/// Counts the segments an SMS text costs. GSM-7 when every character is in the GSM 03.38 alphabet (its extension
/// table — <c>^ { } \ [ ~ ] | €</c> and form feed — costs two septets: escape plus character), else UCS-2. A text
/// longer than one message is split into parts with a user data header, leaving 153 septets or 67 units per part; an
/// escape pair or a surrogate pair is never split across parts, which is why parts are filled one character at a time.
/// </summary>
public static class SmsSegments
{
    /// <summary>Septets in a single GSM-7 message.</summary>
    public const int Gsm7Single = 160;

    /// <summary>Septets per part of a concatenated GSM-7 message.</summary>
    public const int Gsm7Part = 153;

    /// <summary>UTF-16 units in a single UCS-2 message.</summary>
    public const int Ucs2Single = 70;

    /// <summary>UTF-16 units per part of a concatenated UCS-2 message.</summary>
    public const int Ucs2Part = 67;

    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string Extension = "^{}\\[~]|€\f";

    /// <summary>The encoding, size and segment count of <paramref name="text"/>.</summary>
    public static SmsMeasure Measure(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var gsm = true;
        var septets = 0;
        foreach (var c in text)
        {
            if (Basic.Contains(c, StringComparison.Ordinal))
                septets++;
            else if (Extension.Contains(c, StringComparison.Ordinal))
                septets += 2;
            else
            {
                gsm = false;
                break;
            }
        }

        if (gsm)
            return new SmsMeasure(SmsEncoding.Gsm7, septets, Segments(text, septets, Gsm7Single, Gsm7Part, gsm: true));
        return new SmsMeasure(SmsEncoding.Ucs2, text.Length, Segments(text, text.Length, Ucs2Single, Ucs2Part, gsm: false));
    }

    private static int Segments(string text, int units, int single, int part, bool gsm)
    {
        if (units == 0)
            return 0;
        if (units <= single)
            return 1;
        int segments = 1, used = 0;
        for (var i = 0; i < text.Length; i++)
        {
            // One character's cost: an extension character's escape pair, or a surrogate pair, stays in one part.
            int cost;
            if (gsm)
                cost = Extension.Contains(text[i], StringComparison.Ordinal) ? 2 : 1;
            else if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                cost = 2;
                i++;
            }
            else
                cost = 1;

            if (used + cost > part)
            {
                segments++;
                used = 0;
            }
            used += cost;
        }
        return segments;
    }
}
