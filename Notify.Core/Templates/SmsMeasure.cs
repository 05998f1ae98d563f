namespace Notify.Core.Templates;

/// <summary>The size of an SMS text.</summary>
/// <param name="Encoding">The encoding the text needs.</param>
/// <param name="Units">Septets (GSM-7, an extension-table character counting two) or UTF-16 code units (UCS-2).</param>
/// <param name="Segments">Messages the network carries it in: 1 when it fits a single message, else the parts of a concatenated one; 0 for no text.</param>
public readonly record struct SmsMeasure(SmsEncoding Encoding, int Units, int Segments)
{
    /// <summary>The encoding's wire name: <c>gsm-7</c> or <c>ucs-2</c>.</summary>
    public string EncodingName => Encoding == SmsEncoding.Gsm7 ? "gsm-7" : "ucs-2";
}
