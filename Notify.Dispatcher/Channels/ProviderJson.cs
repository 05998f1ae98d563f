using System.Text.Json.Serialization;

namespace Notify.Dispatcher.Channels;

/// <summary>FCM HTTP v1 send request.</summary>
internal sealed record FcmSendRequest([property: JsonPropertyName("message")] FcmMessage Message);

/// <summary>FCM message.</summary>
internal sealed record FcmMessage(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("notification")] FcmNotification Notification,
    [property: JsonPropertyName("data")] Dictionary<string, string> Data);

/// <summary>FCM notification block.</summary>
internal sealed record FcmNotification([property: JsonPropertyName("title")] string Title, [property: JsonPropertyName("body")] string Body);

/// <summary>FCM send response.</summary>
internal sealed record FcmSendResponse([property: JsonPropertyName("name")] string? Name);

/// <summary>Google API error envelope.</summary>
internal sealed record GoogleErrorResponse([property: JsonPropertyName("error")] GoogleError? Error);

/// <summary>Google API error.</summary>
internal sealed record GoogleError(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("details")] List<GoogleErrorDetail>? Details);

/// <summary>An error detail; FCM's carries <c>errorCode</c>.</summary>
internal sealed record GoogleErrorDetail([property: JsonPropertyName("errorCode")] string? ErrorCode);

/// <summary>Twilio Message resource (the fields Notify reads).</summary>
internal sealed record TwilioMessage([property: JsonPropertyName("sid")] string? Sid, [property: JsonPropertyName("status")] string? Status);

/// <summary>Twilio error body.</summary>
internal sealed record TwilioError(
    [property: JsonPropertyName("code")] int? Code,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("status")] int? Status);

[JsonSerializable(typeof(FcmSendRequest))]
[JsonSerializable(typeof(FcmSendResponse))]
[JsonSerializable(typeof(GoogleErrorResponse))]
[JsonSerializable(typeof(TwilioMessage))]
[JsonSerializable(typeof(TwilioError))]
internal sealed partial class ProviderJson : JsonSerializerContext;
