using System.Text.Json;

namespace Notify.Core.Notifications;

/// <summary>
/// A notification as it travels on the work streams, from Ingest's PubAck to the dispatcher's last ack.
/// Everything the dispatcher needs that does not change with the user's settings travels with it.
/// </summary>
/// <param name="Id">Notification id; derived from the tenant and Idempotency-Key when the client gave one.</param>
/// <param name="Tenant">The API client's tenant.</param>
/// <param name="UserId">The recipient.</param>
/// <param name="Type">Notification type, e.g. <c>order.out_for_delivery</c>.</param>
/// <param name="Priority">Priority (from the request, else from the type).</param>
/// <param name="Channels">Channels the client asked for, in order; null to follow the user's preferences.</param>
/// <param name="Data">Template variables (a JSON object), if any.</param>
/// <param name="AcceptedAt">When Ingest accepted it.</param>
public sealed record NotificationEnvelope(
    Guid Id,
    string Tenant,
    string UserId,
    string Type,
    Priority Priority,
    IReadOnlyList<Channel>? Channels,
    JsonElement? Data,
    DateTimeOffset AcceptedAt)
{
    /// <summary>
    /// How to use the channels, as the request said; null to follow the user's preferences for the type, then the type
    /// catalogue (messages published before routing existed carry none and go as a fallback chain, as they did).
    /// </summary>
    public Routing? Routing { get; init; }

    /// <summary>The client's Idempotency-Key, if any.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Send no earlier than this.</summary>
    public DateTimeOffset? SendAt { get; init; }

    /// <summary>Updates sharing this key inside the batching window collapse into one (default: the order id).</summary>
    public string? CollapseKey { get; init; }

    /// <summary>The order it is about, for order events.</summary>
    public string? OrderId { get; init; }

    /// <summary>How many times an operator replayed it from the dead-letter queue.</summary>
    public int Replay { get; init; }

    /// <summary>When the deferral schedule released it; null on its first pass through a dispatcher.</summary>
    public DateTimeOffset? ReleasedAt { get; init; }

    /// <summary>Later updates folded into this one by batching, oldest first; their content is combined with its own.</summary>
    public IReadOnlyList<NotificationEnvelope>? Merged { get; init; }
}
