using System.Diagnostics;

namespace Notify.Core.Redis.Internal;

/// <summary>
/// A written command waiting for its reply. Replies come back in the order commands were written, so a link keeps
/// these in a FIFO; one that times out stays there, so the reply that finally comes is matched to it and dropped.
/// </summary>
internal sealed class PendingReply(string operation, long deadline)
    : TaskCompletionSource<RedisResult>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    /// <summary>The command's name, for messages.</summary>
    public string Operation { get; } = operation;

    /// <summary>The <see cref="Stopwatch"/> timestamp after which the caller stops waiting.</summary>
    public long Deadline { get; } = deadline;
}
