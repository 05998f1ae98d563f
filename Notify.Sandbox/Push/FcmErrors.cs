using Notify.Sandbox.Faults;

namespace Notify.Sandbox.Push;

/// <summary>The errors FCM HTTP v1 answers, in Google's error shape with FCM's error detail.</summary>
public static class FcmErrors
{
    private const string AuthHelp =
        "Expected OAuth 2 access token, login cookie or other valid authentication credential. " +
        "See https://developers.google.com/identity/sign-in/web/devconsole-project.";

    /// <summary>401 for a request without a bearer token.</summary>
    public static ProviderError<GoogleError> MissingCredential() =>
        Unauthenticated("Request is missing required authentication credential. " + AuthHelp);

    /// <summary>401 for a bearer token the sandbox was not configured to accept.</summary>
    public static ProviderError<GoogleError> InvalidCredential() =>
        Unauthenticated("Request had invalid authentication credentials. " + AuthHelp);

    /// <summary>
    /// 400 INVALID_ARGUMENT for <paramref name="field"/>; <paramref name="fcmDetail"/> adds FCM's detail, which
    /// FCM sends for its own checks but not for JSON it could not map onto a message.
    /// </summary>
    public static ProviderError<GoogleError> InvalidArgument(string message, string? field, bool fcmDetail = true)
    {
        var details = new List<object>();
        if (fcmDetail)
        {
            details.Add(new FcmErrorDetail("INVALID_ARGUMENT"));
        }

        details.Add(new BadRequestDetail([new FieldViolation(field, message)]));
        return Answer(StatusCodes.Status400BadRequest, message, "INVALID_ARGUMENT", details);
    }

    /// <summary>400 for a registration token FCM does not recognise as one.</summary>
    public static ProviderError<GoogleError> InvalidToken() =>
        Answer(
            StatusCodes.Status400BadRequest,
            "The registration token is not a valid FCM registration token",
            "INVALID_ARGUMENT",
            [new FcmErrorDetail("INVALID_ARGUMENT"), new BadRequestDetail([new FieldViolation("message.token", "Invalid registration token")])]);

    /// <summary>404 UNREGISTERED: the app instance is gone and the token must be dropped.</summary>
    public static ProviderError<GoogleError> Unregistered() =>
        Answer(StatusCodes.Status404NotFound, "Requested entity was not found.", "NOT_FOUND", [new FcmErrorDetail("UNREGISTERED")]);

    /// <summary>An injected status with the canonical code and FCM error code FCM pairs with it.</summary>
    public static ProviderError<GoogleError> Injected(InjectedFault fault)
    {
        (string status, string? errorCode, string message) = fault.StatusCode switch
        {
            400 => ("INVALID_ARGUMENT", "INVALID_ARGUMENT", "Request contains an invalid argument."),
            401 => ("UNAUTHENTICATED", "THIRD_PARTY_AUTH_ERROR", "Auth error from APNS or Web Push Service"),
            403 => ("PERMISSION_DENIED", "SENDER_ID_MISMATCH", "SenderId mismatch"),
            404 => ("NOT_FOUND", "UNREGISTERED", "Requested entity was not found."),
            409 => ("ABORTED", null, "The operation was aborted."),
            429 => ("RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "Quota exceeded for sending messages."),
            499 => ("CANCELLED", null, "The operation was cancelled."),
            500 => ("INTERNAL", "INTERNAL", "Internal error encountered."),
            501 => ("UNIMPLEMENTED", null, "Operation is not implemented, or supported, or enabled."),
            503 => ("UNAVAILABLE", "UNAVAILABLE", "The service is currently unavailable."),
            504 => ("DEADLINE_EXCEEDED", null, "The request deadline was exceeded."),
            _ => ("UNKNOWN", "UNSPECIFIED_ERROR", "Unknown error."),
        };
        return new ProviderError<GoogleError>(
            fault.StatusCode,
            new GoogleError(new GoogleStatus(fault.StatusCode, message, status, errorCode is null ? null : [new FcmErrorDetail(errorCode)])),
            GoogleJson.Options)
        {
            RetryAfter = fault.RetryAfter,
        };
    }

    private static ProviderError<GoogleError> Unauthenticated(string message) =>
        new(StatusCodes.Status401Unauthorized, new GoogleError(new GoogleStatus(401, message, "UNAUTHENTICATED")), GoogleJson.Options)
        {
            Challenge = "Bearer realm=\"https://accounts.google.com/\"",
        };

    private static ProviderError<GoogleError> Answer(int code, string message, string status, IReadOnlyList<object> details) =>
        new(code, new GoogleError(new GoogleStatus(code, message, status, details)), GoogleJson.Options);
}
