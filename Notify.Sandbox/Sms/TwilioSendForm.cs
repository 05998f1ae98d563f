namespace Notify.Sandbox.Sms;

/// <summary>The form fields of Twilio's Create a Message request that the stand-in reads; every one may be absent.</summary>
public sealed record TwilioSendForm
{
    /// <summary>The recipient, E.164.</summary>
    public string? To { get; init; }

    /// <summary>The sender: E.164, short code or alphanumeric sender ID.</summary>
    public string? From { get; init; }

    /// <summary>A Messaging Service to send through instead of <see cref="From"/>.</summary>
    public string? MessagingServiceSid { get; init; }

    /// <summary>The text, at most 1,600 characters.</summary>
    public string? Body { get; init; }

    /// <summary>Where Twilio would post status changes.</summary>
    public string? StatusCallback { get; init; }
}
