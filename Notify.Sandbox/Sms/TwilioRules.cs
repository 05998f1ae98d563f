using System.Text.RegularExpressions;
using static Notify.Sandbox.Sms.TwilioMagicNumbers;

namespace Notify.Sandbox.Sms;

/// <summary>The checks Twilio makes on Create a Message, with its error codes and messages.</summary>
public static partial class TwilioRules
{
    /// <summary>The longest body Twilio accepts, in characters.</summary>
    public const int MaxBodyLength = 1600;

    /// <summary>The error Twilio answers <paramref name="form"/> with, or null when it would accept it.</summary>
    public static ProviderError<TwilioError>? Check(TwilioSendForm form)
    {
        if (string.IsNullOrWhiteSpace(form.To))
        {
            return TwilioError.BadRequest(21604, "A 'To' phone number is required.");
        }

        if (string.IsNullOrWhiteSpace(form.From) && string.IsNullOrWhiteSpace(form.MessagingServiceSid))
        {
            return TwilioError.BadRequest(21603, "A 'From' phone number is required.");
        }

        if (string.IsNullOrEmpty(form.Body))
        {
            return TwilioError.BadRequest(21602, "Message body is required.");
        }

        if (form.Body.Length > MaxBodyLength)
        {
            return TwilioError.BadRequest(21617, "The concatenated message body exceeds the 1600 character limit.");
        }

        string to = form.To;
        if (!E164().IsMatch(to) || to == Invalid)
        {
            return TwilioError.BadRequest(21211, $"The 'To' number {to} is not a valid phone number.");
        }

        if (form.From is { Length: > 0 } from)
        {
            if (!IsSender(from) || from == Invalid)
            {
                return TwilioError.BadRequest(21212, $"The 'From' number {from} is not a valid phone number, shortcode, or alphanumeric sender ID.");
            }

            if (from == NotOwnedSender)
            {
                return TwilioError.BadRequest(21606, $"The 'From' phone number {from} is not a valid, SMS-capable inbound phone number or short code for your account.");
            }
        }

        return to switch
        {
            Unroutable => TwilioError.BadRequest(21612, $"The 'To' phone number: {to}, is not currently reachable using the 'From' phone number: {form.From ?? form.MessagingServiceSid} via SMS."),
            NoInternationalPermission => TwilioError.BadRequest(21408, $"Permission to send an SMS has not been enabled for the region indicated by the 'To' number: {to}."),
            Blocked => TwilioError.BadRequest(21610, "The message From/To pair violates a blacklist rule."),
            NotMobile => TwilioError.BadRequest(21614, $"To number: {to}, is not a mobile number"),
            _ => null,
        };
    }

    private static bool IsSender(string from) => E164().IsMatch(from) || ShortCode().IsMatch(from) || AlphanumericSenderId().IsMatch(from);

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$")]
    private static partial Regex E164();

    [GeneratedRegex("^[0-9]{5,6}$")]
    private static partial Regex ShortCode();

    // Up to 11 letters, digits and spaces, at least one of them a letter.
    [GeneratedRegex("^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$")]
    private static partial Regex AlphanumericSenderId();
}
