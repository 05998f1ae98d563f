using System.Net.Mail;
using System.Text.RegularExpressions;
using Notify.Ingest.Notifications;

namespace Notify.Ingest.Users;

/// <summary>Checks a <see cref="ContactsDocument"/>, naming each bad field.</summary>
public static partial class ContactsValidator
{
    private const int MaxEmailLength = 254;
    private const int MaxPushTokens = 10;
    private const int MaxPushTokenLength = 4096;
    private const int MaxUrlLength = 2048;

    /// <summary>Adds an error for each bad field of <paramref name="contacts"/>.</summary>
    public static void Check(ContactsDocument contacts, ref Dictionary<string, string[]>? errors)
    {
        if (contacts.Email is { } email && (email.Length > MaxEmailLength || !MailAddress.TryCreate(email, out var address) || address.Address != email))
            FieldErrors.Add(ref errors, "email", "Must be a plain email address such as ana@example.com.");
        if (contacts.Phone is { } phone && !E164().IsMatch(phone))
            FieldErrors.Add(ref errors, "phone", "Must be in E.164 form: '+', country code and number, up to 15 digits, e.g. +4915112345678.");
        if (contacts.PushTokens is { } tokens)
        {
            if (tokens.Count > MaxPushTokens)
                FieldErrors.Add(ref errors, "pushTokens", $"At most {MaxPushTokens} tokens.");
            if (tokens.Any(t => !TextRules.IsPrintableAscii(t, MaxPushTokenLength)))
                FieldErrors.Add(ref errors, "pushTokens", $"Each token must be 1 to {MaxPushTokenLength} printable ASCII characters.");
            else if (tokens.Distinct(StringComparer.Ordinal).Count() != tokens.Count)
                FieldErrors.Add(ref errors, "pushTokens", "A token is listed twice.");
        }
        if (contacts.WebhookUrl is { } url && (url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host)))
            FieldErrors.Add(ref errors, "webhookUrl", "Must be an absolute http or https URL.");
        if (contacts.Locale is { } locale && !Locale().IsMatch(locale))
            FieldErrors.Add(ref errors, "locale", "Must be a BCP 47 language tag such as en or pt-BR.");
        if (contacts.TimeZone is { } zone && !IsIanaTimeZone(zone))
            FieldErrors.Add(ref errors, "timeZone", "Must be an IANA time zone such as Europe/London.");
    }

    private static bool IsIanaTimeZone(string id) =>
        id.Length is > 0 and <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex E164();

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,4}$", RegexOptions.CultureInvariant)]
    private static partial Regex Locale();
}
