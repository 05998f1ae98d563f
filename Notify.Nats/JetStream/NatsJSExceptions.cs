using Notify.Nats.JetStream.Models;

namespace Notify.Nats.JetStream;

/// <summary>A JetStream API call failed; <see cref="Error"/> carries the server's codes.</summary>
public class NatsJSApiException(ApiError error)
    : NatsException($"JetStream error {error.Code}/{error.ErrCode}: {error.Description}")
{
    /// <summary>The server's error.</summary>
    public ApiError Error { get; } = error;
}

/// <summary>A JetStream call failed outside the API's own errors (no JetStream, a consumer gone, a bad status).</summary>
public class NatsJSException(string message, Exception? inner = null) : NatsException(message, inner);
