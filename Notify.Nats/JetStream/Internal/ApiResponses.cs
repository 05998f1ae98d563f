using Notify.Nats.JetStream.Models;

namespace Notify.Nats.JetStream.Internal;

internal interface IApiResponse
{
    ApiError? Error { get; }
}

internal sealed record StreamInfoResponse : IApiResponse
{
    public ApiError? Error { get; init; }
    public StreamConfig? Config { get; init; }
    public StreamState State { get; init; } = new();
    public DateTimeOffset Created { get; init; }
}

internal sealed record ConsumerInfoResponse : IApiResponse
{
    public ApiError? Error { get; init; }
    public string StreamName { get; init; } = "";
    public string Name { get; init; } = "";
    public ConsumerConfig? Config { get; init; }
    public SequenceInfo Delivered { get; init; } = new();
    public SequenceInfo AckFloor { get; init; } = new();
    public long NumAckPending { get; init; }
    public long NumRedelivered { get; init; }
    public long NumWaiting { get; init; }
    public ulong NumPending { get; init; }
}

internal sealed record SuccessResponse : IApiResponse
{
    public ApiError? Error { get; init; }
    public bool Success { get; init; }
}

internal sealed record StoredMsgResponse : IApiResponse
{
    public ApiError? Error { get; init; }
    public StoredMsg? Message { get; init; }
}

internal sealed record ConsumerCreateRequest(string StreamName, ConsumerConfig Config);

internal sealed record MsgGetRequest
{
    public ulong Seq { get; init; }
    public string? LastBySubj { get; init; }
}

internal sealed record MsgDeleteRequest(ulong Seq, bool NoErase);

internal sealed record PullRequest
{
    public int Batch { get; init; }
    public long MaxBytes { get; init; }
    public TimeSpan Expires { get; init; }
    public TimeSpan IdleHeartbeat { get; init; }
    public bool NoWait { get; init; }
}
