namespace Notify.Core.Redis;

/// <summary>Base of every error this client raises.</summary>
public class RedisException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The server answered the command with an error; <see cref="Exception.Message"/> is its text.</summary>
public sealed class RedisServerException(string message) : RedisException(message)
{
    /// <summary>The error's first word, such as <c>ERR</c>, <c>WRONGTYPE</c> or <c>NOSCRIPT</c>.</summary>
    public string ErrorCode { get; } = message.Split(' ', 2)[0];
}

/// <summary>
/// No connection could be had in time, or it was lost while the command waited: a command that was written may
/// or may not have run, and is not retried.
/// </summary>
public class RedisConnectionException(string message, Exception? inner = null) : RedisException(message, inner);

/// <summary>The server refused the credentials (or demands some that were not given).</summary>
public sealed class RedisAuthenticationException(string message, Exception? inner = null) : RedisConnectionException(message, inner);

/// <summary>The reply did not come within the command timeout; the command may still run.</summary>
public sealed class RedisTimeoutException(string message) : RedisException(message);

/// <summary>The server sent bytes that are not RESP2.</summary>
public sealed class RedisProtocolException(string message) : RedisException(message);
