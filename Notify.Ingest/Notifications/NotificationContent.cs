using System.Text.Json;
using Notify.Core.Notifications;

namespace Notify.Ingest.Notifications;

/// <summary>A validated notification, before it has an id.</summary>
public sealed record NotificationContent(
    string UserId,
    string Type,
    Priority Priority,
    IReadOnlyList<Channel>? Channels,
    JsonElement? Data,
    DateTimeOffset? SendAt,
    string? CollapseKey)
{
    /// <summary>The order it is about (order events only).</summary>
    public string? OrderId { get; init; }

    /// <summary>How to use the channels; null to follow the user's preferences, then the type.</summary>
    public Routing? Routing { get; init; }

    /// <summary>The envelope that goes on the stream.</summary>
    public NotificationEnvelope ToEnvelope(Guid id, string tenant, DateTimeOffset acceptedAt, string? idempotencyKey) =>
        new(id, tenant, UserId, Type, Priority, Channels, Data, acceptedAt)
        {
            IdempotencyKey = idempotencyKey,
            SendAt = SendAt,
            CollapseKey = CollapseKey,
            OrderId = OrderId,
            Routing = Routing,
        };
}
