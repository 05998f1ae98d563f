using System.Text.Json;
using Notify.Core.Notifications;
using Notify.Core.Status;
using Notify.Core.Storage;

namespace Notify.Ingest.Notifications;

/// <summary>One channel's delivery of a notification.</summary>
public sealed record DeliveryStatus(
    string Channel,
    string Status,
    int Attempts,
    DateTimeOffset UpdatedAt,
    string? Provider,
    string? ProviderMessageId,
    string? LastError,
    string? Reason,
    DateTimeOffset? FirstAttemptAt,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? SentAt,
    DateTimeOffset? NextRetryAt);

/// <summary>One event in a notification's life.</summary>
public sealed record TimelineItem(DateTimeOffset At, string Kind, string? Channel, int Attempt, string? Error, string? Reason, string? ProviderMessageId);

/// <summary>
/// The answer to <c>GET /v1/notifications/{id}</c>. <see cref="Status"/> is <c>queued</c> while the notification is
/// in its stream and not yet recorded, else the recorded status (<c>accepted</c>, <c>scheduled</c>, <c>processing</c>,
/// <c>sent</c>, <c>dead</c>, <c>skipped</c>, <c>cancelled</c>, <c>merged</c>).
/// </summary>
public sealed record NotificationStatusResponse(
    Guid Id,
    string Status,
    string? UserId,
    string? Type,
    string? Priority,
    DateTimeOffset AcceptedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<DeliveryStatus> Deliveries,
    IReadOnlyList<TimelineItem> Timeline)
{
    /// <summary>Status of a notification still waiting in its stream.</summary>
    public const string Queued = "queued";

    /// <summary>Channels the client asked for.</summary>
    public IReadOnlyList<string>? Channels { get; init; }

    /// <summary>How the channels are used: <c>fallback</c> (one at a time) or <c>all</c> (every one at once); absent until known.</summary>
    public string? Routing { get; init; }

    /// <summary>Template data.</summary>
    public JsonElement? Data { get; init; }

    /// <summary>Requested send time.</summary>
    public DateTimeOffset? SendAt { get; init; }

    /// <summary>Collapse key.</summary>
    public string? CollapseKey { get; init; }

    /// <summary>The order it is about.</summary>
    public string? OrderId { get; init; }

    /// <summary>Why it is skipped, dead, cancelled or merged.</summary>
    public string? StatusReason { get; init; }

    /// <summary>The trace it travels in.</summary>
    public string? TraceId { get; init; }

    /// <summary>Operator replays.</summary>
    public int ReplayCount { get; init; }

    /// <summary>The notification it was merged into.</summary>
    public Guid? MergedInto { get; init; }

    /// <summary>A recorded notification.</summary>
    public static NotificationStatusResponse From(NotificationDetails details)
    {
        var n = details.Notification;
        return new NotificationStatusResponse(n.Id, n.Status.ToWire(), n.UserId, n.Type, n.Priority?.ToWire(), n.AcceptedAt, n.UpdatedAt,
            [.. details.Deliveries.Select(d => new DeliveryStatus(d.Channel.ToWire(), d.Status.ToWire(), d.Attempts, d.UpdatedAt, d.Provider,
                d.ProviderMessageId, d.LastError, d.Reason, d.FirstAttemptAt, d.LastAttemptAt, d.SentAt, d.NextRetryAt))],
            [.. details.Timeline.Select(t => new TimelineItem(t.At, t.Kind.ToWire(), t.Channel?.ToWire(), t.Attempt, t.Error, t.Reason, t.ProviderMessageId))])
        {
            Channels = n.Channels?.Select(c => c.ToWire()).ToList(),
            Routing = n.Routing?.ToWire(),
            Data = n.Data,
            SendAt = n.SendAt,
            CollapseKey = n.CollapseKey,
            OrderId = n.OrderId,
            StatusReason = n.StatusReason,
            TraceId = n.TraceId,
            ReplayCount = n.ReplayCount,
            MergedInto = n.MergedInto,
        };
    }

    /// <summary>A notification found in its stream, not yet picked up.</summary>
    public static NotificationStatusResponse FromQueued(NotificationEnvelope e) =>
        new(e.Id, Queued, e.UserId, e.Type, e.Priority.ToWire(), e.AcceptedAt, e.AcceptedAt, [], [])
        {
            Channels = e.Channels?.Select(c => c.ToWire()).ToList(),
            Routing = e.Routing?.ToWire(),
            Data = e.Data,
            SendAt = e.SendAt,
            CollapseKey = e.CollapseKey,
            OrderId = e.OrderId,
            ReplayCount = e.Replay,
        };
}
