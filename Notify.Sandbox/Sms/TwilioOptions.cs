namespace Notify.Sandbox.Sms;

/// <summary>The Twilio credentials the SMS stand-in accepts (HTTP Basic, AccountSid:AuthToken).</summary>
public sealed record TwilioOptions
{
    /// <summary>The account; requests for any other account in the path are refused.</summary>
    public string AccountSid { get; init; } = "ACsandbox00000000000000000000000000";

    /// <summary>The account's auth token.</summary>
    public string AuthToken { get; init; } = "sandbox-token";
}
