namespace Notify.Nats.JetStream.Models;

/// <summary>A stream's state.</summary>
public sealed record StreamState
{
    /// <summary>Messages stored.</summary>
    public ulong Messages { get; init; }
    /// <summary>Bytes stored.</summary>
    public ulong Bytes { get; init; }
    /// <summary>First sequence stored.</summary>
    public ulong FirstSeq { get; init; }
    /// <summary>Last sequence stored.</summary>
    public ulong LastSeq { get; init; }
    /// <summary>Consumers.</summary>
    public int ConsumerCount { get; init; }
}

/// <summary>A stream's configuration and state.</summary>
public sealed record StreamInfo
{
    /// <summary>Configuration as the server holds it.</summary>
    public required StreamConfig Config { get; init; }
    /// <summary>State.</summary>
    public StreamState State { get; init; } = new();
    /// <summary>When it was created.</summary>
    public DateTimeOffset Created { get; init; }
}

/// <summary>A position in a stream and consumer.</summary>
public sealed record SequenceInfo
{
    /// <summary>Consumer sequence.</summary>
    public ulong ConsumerSeq { get; init; }
    /// <summary>Stream sequence.</summary>
    public ulong StreamSeq { get; init; }
}

/// <summary>A consumer's configuration and state.</summary>
public sealed record ConsumerInfo
{
    /// <summary>Stream name.</summary>
    public string StreamName { get; init; } = "";
    /// <summary>Consumer name.</summary>
    public string Name { get; init; } = "";
    /// <summary>Configuration as the server holds it.</summary>
    public required ConsumerConfig Config { get; init; }
    /// <summary>Last delivered.</summary>
    public SequenceInfo Delivered { get; init; } = new();
    /// <summary>Acknowledged floor.</summary>
    public SequenceInfo AckFloor { get; init; } = new();
    /// <summary>Delivered and not acked yet.</summary>
    public long NumAckPending { get; init; }
    /// <summary>Being redelivered.</summary>
    public long NumRedelivered { get; init; }
    /// <summary>Pull requests waiting.</summary>
    public long NumWaiting { get; init; }
    /// <summary>Messages not delivered yet: the consumer's lag.</summary>
    public ulong NumPending { get; init; }
}

/// <summary>The server's answer to a publish into a stream.</summary>
public sealed record PubAckResponse
{
    /// <summary>The stream that stored it.</summary>
    public string? Stream { get; init; }
    /// <summary>Its sequence; for a duplicate, the sequence of the original.</summary>
    public ulong Seq { get; init; }
    /// <summary>True when the Nats-Msg-Id was seen inside the duplicate window: nothing new was stored.</summary>
    public bool Duplicate { get; init; }
    /// <summary>Set when the stream refused the message.</summary>
    public ApiError? Error { get; init; }

    /// <summary>Throws <see cref="NatsJSApiException"/> when the stream refused the message.</summary>
    public PubAckResponse EnsureSuccess() => Error is null ? this : throw new NatsJSApiException(Error);
}

/// <summary>A message read back from a stream.</summary>
public sealed record StoredMsg
{
    /// <summary>Subject.</summary>
    public string Subject { get; init; } = "";
    /// <summary>Stream sequence.</summary>
    public ulong Seq { get; init; }
    /// <summary>Header block, raw.</summary>
    public byte[]? Hdrs { get; init; }
    /// <summary>Payload.</summary>
    public byte[]? Data { get; init; }
    /// <summary>When it was stored.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>The headers, parsed.</summary>
    public NatsHeaders? Headers => Hdrs is { Length: > 0 } ? NatsHeaders.FromWire(Hdrs) : null;
}

/// <summary>A JetStream API error.</summary>
public sealed record ApiError
{
    /// <summary>HTTP-like status code.</summary>
    public int Code { get; init; }
    /// <summary>JetStream's own error code (e.g. 10058 stream name in use, 10059 stream not found).</summary>
    public int ErrCode { get; init; }
    /// <summary>What went wrong.</summary>
    public string? Description { get; init; }
}
