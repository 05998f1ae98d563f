using System.ComponentModel;
using System.Text.Json;

namespace Notify.Ingest.Notifications;

/// <summary>Body of <c>POST /v1/notifications</c>; the Idempotency-Key travels as a header.</summary>
public sealed record SendNotificationRequest(
    string? UserId,
    string? Type,
    string? Priority = null,
    IReadOnlyList<string>? Channels = null,
    JsonElement? Data = null,
    DateTimeOffset? SendAt = null,
    string? CollapseKey = null,
    [property: Description(RoutingField.Description)] string? Routing = null) : INotificationFields;
