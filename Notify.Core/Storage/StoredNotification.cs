using System.Text.Json;
using Notify.Core.Notifications;

namespace Notify.Core.Storage;

/// <summary>
/// A notification as PostgreSQL knows it. Status events can overtake the Accepted event that carries the envelope;
/// until it arrives <see cref="UserId"/>, <see cref="Type"/> and <see cref="Priority"/> are null and
/// <see cref="AcceptedAt"/> is the time of the first event seen.
/// </summary>
/// <param name="Id">Notification id.</param>
/// <param name="Tenant">Tenant.</param>
/// <param name="UserId">Recipient (null until the envelope is known).</param>
/// <param name="Type">Notification type (null until the envelope is known).</param>
/// <param name="Priority">Priority (null until the envelope is known).</param>
/// <param name="Status">Overall status, derived from its events and deliveries.</param>
/// <param name="AcceptedAt">When Ingest accepted it.</param>
/// <param name="UpdatedAt">Time of the latest event applied.</param>
public sealed record StoredNotification(
    Guid Id,
    string Tenant,
    string? UserId,
    string? Type,
    Priority? Priority,
    NotificationStatus Status,
    DateTimeOffset AcceptedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Channels the client asked for; null to follow the user's preferences.</summary>
    public IReadOnlyList<Channel>? Channels { get; init; }

    /// <summary>Template variables, if any.</summary>
    public JsonElement? Data { get; init; }

    /// <summary>The client's Idempotency-Key, if any.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Batching key, if any.</summary>
    public string? CollapseKey { get; init; }

    /// <summary>The order it is about, if any.</summary>
    public string? OrderId { get; init; }

    /// <summary>Requested send time, if any.</summary>
    public DateTimeOffset? SendAt { get; init; }

    /// <summary>Why it is skipped, dead, cancelled or merged, when known.</summary>
    public string? StatusReason { get; init; }

    /// <summary>The W3C trace id it travels in.</summary>
    public string? TraceId { get; init; }

    /// <summary>How many times an operator replayed it.</summary>
    public int ReplayCount { get; init; }

    /// <summary>The notification it was folded into by batching.</summary>
    public Guid? MergedInto { get; init; }

    /// <summary>The routing its deliveries followed (or its request named); null until known, and for rows from before routing existed.</summary>
    public Routing? Routing { get; init; }
}
