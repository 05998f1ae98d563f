using System.Text.RegularExpressions;

namespace Notify.ServiceDefaults.Logging;

/// <summary>
/// Masks personal data and secrets before they reach a log: phone numbers, email addresses, bearer and API tokens.
/// Call the <c>Mask…</c> methods where code knows what it logs; <see cref="Redact"/> is the safety net every log
/// record goes through (<see cref="LoggingRedactionExtensions.AddSensitiveDataRedaction"/>).
/// </summary>
public static partial class SensitiveData
{
    private const string Stars = "******";

    /// <summary>Keeps the country code and the last three digits: <c>+447700900789</c> → <c>+44******789</c>.</summary>
    public static string MaskPhone(string? phone)
    {
        if (string.IsNullOrEmpty(phone))
        {
            return "";
        }

        string digits = string.Concat(phone.Where(char.IsAsciiDigit));
        bool international = phone.TrimStart().StartsWith('+');
        if (digits.Length < 7)
        {
            return international ? "+" + Stars : Stars;
        }

        return international ? $"+{digits[..2]}{Stars}{digits[^3..]}" : $"{Stars}{digits[^3..]}";
    }

    /// <summary>Keeps the first letter and the domain: <c>jane.doe@example.com</c> → <c>j***@example.com</c>.</summary>
    public static string MaskEmail(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return "";
        }

        int at = email.LastIndexOf('@');
        return at <= 0 || at == email.Length - 1 ? "***" : $"{email[0]}***{email[at..]}";
    }

    /// <summary>
    /// Keeps an authentication scheme and, of a long token, the first four characters (enough to tell two apart):
    /// <c>Bearer eyJhbGciOiJIUzI1NiJ9.e30.x</c> → <c>Bearer eyJh***</c>; a short token becomes <c>***</c>.
    /// </summary>
    public static string MaskToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return "";
        }

        int space = token.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0)
        {
            return token[..(space + 1)] + MaskToken(token[(space + 1)..].Trim());
        }

        return token.Length >= 16 ? token[..4] + "***" : "***";
    }

    /// <summary>
    /// Masks every phone number (<c>+</c> and 7–15 digits), email address, bearer/basic credential, JWT, well-known
    /// API key and <c>key=value</c> secret (<c>password=</c>, <c>api_key:</c>, <c>"token":"…"</c>) found in
    /// <paramref name="text"/>; returns the same instance when there is none.
    /// </summary>
    public static string Redact(string text)
    {
        if (string.IsNullOrEmpty(text) || !Sensitive().IsMatch(text))
        {
            return text;
        }

        return Sensitive().Replace(text, static match =>
            match.Groups["credential"].Success ? match.Groups["scheme"].Value + MaskToken(match.Groups["credential"].Value)
            : match.Groups["secret"].Success ? match.Groups["key"].Value + "***"
            : match.Groups["email"].Success ? MaskEmail(match.Value)
            : match.Groups["phone"].Success ? MaskPhone(match.Value)
            : MaskToken(match.Value));
    }

    /// <summary>
    /// Masks a value by what its name says it is (a <c>password</c>, <c>token</c>, <c>phone</c>, <c>email</c>…),
    /// then by what it looks like (<see cref="Redact"/>).
    /// </summary>
    public static string RedactNamed(string name, string value)
    {
        if (SecretName().IsMatch(name))
        {
            return value.Length == 0 ? value : MaskToken(value);
        }

        if (PhoneName().IsMatch(name) && value.Count(char.IsAsciiDigit) >= 7)
        {
            return MaskPhone(value);
        }

        return EmailName().IsMatch(name) && value.Contains('@', StringComparison.Ordinal) ? MaskEmail(value) : Redact(value);
    }

    [GeneratedRegex("""
        (?<scheme>\b(?:bearer|basic)\s+)(?<credential>[a-z0-9\-._~+/]{6,}=*)
        | (?<key>\b(?:api[_-]?key|access[_-]?token|refresh[_-]?token|id[_-]?token|auth[_-]?token|client[_-]?secret|token|secret|password|passwd|pwd)\b["']?\s*[:=]\s*["']?)(?<secret>[^\s"'&,;]+)
        | (?<jwt>\beyJ[a-z0-9_-]{5,}\.[a-z0-9_-]{5,}\.[a-z0-9_-]*)
        | (?<apikey>\b(?:sk|pk|rk)_(?:live|test)_[a-z0-9]{8,}|\bgh[pousr]_[a-z0-9]{20,}|\bxox[abpr]-[a-z0-9-]{10,})
        | (?<email>\b[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b)
        | (?<phone>(?<![\w+])\+[1-9](?:[\x20.()-]{0,2}\d){6,14}\b)
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex Sensitive();

    [GeneratedRegex("password|passwd|pwd|secret|token|api_?key|authorization|credential", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();

    [GeneratedRegex("phone|msisdn|mobile", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PhoneName();

    [GeneratedRegex("e-?mail", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EmailName();
}
