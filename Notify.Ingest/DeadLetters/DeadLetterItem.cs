using Notify.Core.Notifications;
using Notify.Core.Storage;

namespace Notify.Ingest.DeadLetters;

/// <summary>A dead letter as operators see it.</summary>
public sealed record DeadLetterItem(
    Guid Id,
    Guid NotificationId,
    string UserId,
    string Type,
    string Priority,
    string? Channel,
    string Reason,
    string? Error,
    int Deliveries,
    string Stream,
    long StreamSeq,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ReplayedAt,
    int ReplayCount)
{
    /// <summary>The wire form of a stored dead letter.</summary>
    public static DeadLetterItem From(DeadLetter d) => new(d.Id, d.NotificationId, d.Envelope.UserId, d.Envelope.Type, d.Priority.ToWire(),
        d.Channel?.ToWire(), d.Reason, d.Error, d.Deliveries, d.Stream, d.StreamSeq, d.CreatedAt, d.ReplayedAt, d.ReplayCount);
}

/// <summary>One page of dead letters, newest first.</summary>
/// <param name="Items">The dead letters.</param>
/// <param name="Next">Pass as <c>after</c> for the next page; null on the last page.</param>
public sealed record DeadLetterPage(IReadOnlyList<DeadLetterItem> Items, string? Next);

/// <summary>The answer to a replay.</summary>
/// <param name="Id">The dead letter.</param>
/// <param name="NotificationId">The notification, back on its priority subject.</param>
/// <param name="Replay">Which replay of the notification this is (1 for the first).</param>
/// <param name="Status">Always <c>replayed</c>.</param>
public sealed record DeadLetterReplayed(Guid Id, Guid NotificationId, int Replay, string Status = "replayed");
