using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Notify.Sandbox.Faults;

namespace Notify.Sandbox.Sms;

/// <summary>Twilio's REST error body.</summary>
public sealed record TwilioError(int Code, string Message, string MoreInfo, int Status)
{
    /// <summary>The answer for a refused Basic credential (error 20003).</summary>
    public static ProviderError<TwilioError> Authenticate() =>
        new(StatusCodes.Status401Unauthorized, Of(StatusCodes.Status401Unauthorized, 20003, "Authenticate"), TwilioJson.Options)
        {
            Challenge = "Basic realm=\"Twilio API\"",
        };

    /// <summary>A 400 with Twilio error <paramref name="code"/>.</summary>
    public static ProviderError<TwilioError> BadRequest(int code, string message) =>
        new(StatusCodes.Status400BadRequest, Of(StatusCodes.Status400BadRequest, code, message), TwilioJson.Options);

    /// <summary>An injected status, as Twilio answers it: error 20000 + status (20429 Too Many Requests, 20503 Service Unavailable, …).</summary>
    public static ProviderError<TwilioError> Injected(InjectedFault fault) =>
        new(fault.StatusCode, Of(fault.StatusCode, 20_000 + fault.StatusCode, ReasonPhrases.GetReasonPhrase(fault.StatusCode)), TwilioJson.Options)
        {
            RetryAfter = fault.RetryAfter,
        };

    private static TwilioError Of(int status, int code, string message) =>
        new(code, message, "https://www.twilio.com/docs/errors/" + code.ToString(CultureInfo.InvariantCulture), status);
}
