using Notify.Core.Users;

namespace Notify.Ingest.Users;

/// <summary>Body of <c>PUT /v1/users/{userId}/contacts</c>: how to reach the user; every field optional, the whole set replaced.</summary>
/// <param name="Email">Email address.</param>
/// <param name="Phone">Phone number in E.164 form (<c>+4915112345678</c>).</param>
/// <param name="PushTokens">Device tokens for push (at most 10).</param>
/// <param name="WebhookUrl">Absolute http or https URL for webhook deliveries.</param>
/// <param name="Locale">Preferred locale (BCP 47, e.g. <c>en-GB</c>).</param>
/// <param name="TimeZone">IANA time zone (e.g. <c>Europe/London</c>).</param>
public sealed record ContactsDocument(
    string? Email = null,
    string? Phone = null,
    IReadOnlyList<string>? PushTokens = null,
    string? WebhookUrl = null,
    string? Locale = null,
    string? TimeZone = null)
{
    /// <summary>The domain form.</summary>
    public UserContacts ToContacts() => new(Email, Phone, PushTokens, WebhookUrl) { Locale = Locale, TimeZone = TimeZone };
}
