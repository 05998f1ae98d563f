namespace Notify.Core.Templates;

/// <summary>How an SMS text travels.</summary>
public enum SmsEncoding
{
    /// <summary>The GSM 03.38 7-bit alphabet: 160 septets in a single message, 153 per part of a longer one.</summary>
    Gsm7,
    /// <summary>UCS-2 (UTF-16 code units) for any text outside GSM-7: 70 units single, 67 per part.</summary>
    Ucs2,
}
