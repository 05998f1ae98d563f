namespace Notify.Nats;

/// <summary>Base of every error this client raises.</summary>
public class NatsException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The server refused the credentials.</summary>
public sealed class NatsAuthException(string message) : NatsException(message);

/// <summary>The server sent <c>-ERR</c>.</summary>
public sealed class NatsServerException(string message) : NatsException(message);

/// <summary>No connection could be made, or the connection was lost while the call waited.</summary>
public sealed class NatsConnectionException(string message, Exception? inner = null) : NatsException(message, inner);

/// <summary>The server sent bytes that are not NATS protocol.</summary>
public sealed class NatsProtocolException(string message) : NatsException(message);

/// <summary>A request got no reply in time.</summary>
public sealed class NatsTimeoutException(string message) : NatsException(message);

/// <summary>A request reached no subscriber (status 503).</summary>
public sealed class NatsNoRespondersException(string subject) : NatsException($"No responders for '{subject}'.")
{
    /// <summary>The subject nobody listens on.</summary>
    public string Subject { get; } = subject;
}

/// <summary>Headers and payload together exceed the server's <c>max_payload</c>; nothing was sent.</summary>
public sealed class NatsPayloadTooLargeException(int size, int maxPayload)
    : NatsException($"Message of {size} bytes exceeds the server's max_payload of {maxPayload} bytes; nothing was sent.")
{
    /// <summary>Headers plus payload, in bytes.</summary>
    public int Size { get; } = size;

    /// <summary>The server's limit.</summary>
    public int MaxPayload { get; } = maxPayload;
}
