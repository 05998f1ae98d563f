using System.Text.Json.Serialization;

namespace Notify.Sandbox.Push;

/// <summary>Google's error body: <c>{"error":{"code":…,"message":…,"status":…,"details":[…]}}</c>.</summary>
public sealed record GoogleError(GoogleStatus Error);

/// <summary>The <c>google.rpc.Status</c> inside <see cref="GoogleError"/>.</summary>
/// <param name="Code">The HTTP status.</param>
/// <param name="Message">What went wrong, in Google's words.</param>
/// <param name="Status">The canonical code name (<c>INVALID_ARGUMENT</c>, <c>NOT_FOUND</c>, …).</param>
/// <param name="Details">Typed details (<see cref="FcmErrorDetail"/>, <see cref="BadRequestDetail"/>).</param>
public sealed record GoogleStatus(int Code, string Message, string Status, IReadOnlyList<object>? Details = null);

/// <summary>FCM's own error detail, whose <c>errorCode</c> tells senders what to do (drop the token, back off, …).</summary>
public sealed record FcmErrorDetail(string ErrorCode)
{
    /// <summary>The detail's type URL.</summary>
    [JsonPropertyName("@type")]
    [JsonPropertyOrder(-1)]
    public string Type => "type.googleapis.com/google.firebase.fcm.v1.FcmError";
}

/// <summary>A <c>google.rpc.BadRequest</c> detail naming the offending fields.</summary>
public sealed record BadRequestDetail(IReadOnlyList<FieldViolation> FieldViolations)
{
    /// <summary>The detail's type URL.</summary>
    [JsonPropertyName("@type")]
    [JsonPropertyOrder(-1)]
    public string Type => "type.googleapis.com/google.rpc.BadRequest";
}

/// <summary>One offending field of a <see cref="BadRequestDetail"/>.</summary>
public sealed record FieldViolation(string? Field, string Description);
