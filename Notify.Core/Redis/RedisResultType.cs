namespace Notify.Core.Redis;

/// <summary>The RESP2 type of a reply.</summary>
public enum RedisResultType
{
    /// <summary>A nil bulk string or nil array: the key or value does not exist.</summary>
    Null,
    /// <summary>A status line such as <c>OK</c> or <c>PONG</c>.</summary>
    SimpleString,
    /// <summary>An error line such as <c>WRONGTYPE …</c>; only ever found inside arrays, top-level errors are thrown.</summary>
    Error,
    /// <summary>A signed 64-bit integer.</summary>
    Integer,
    /// <summary>A binary-safe string.</summary>
    BulkString,
    /// <summary>A list of replies.</summary>
    Array,
}
