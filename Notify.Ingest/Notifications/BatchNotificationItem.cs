using System.ComponentModel;
using System.Text.Json;

namespace Notify.Ingest.Notifications;

/// <summary>One item of <c>POST /v1/notifications/batch</c>: a notification plus its own optional Idempotency-Key.</summary>
public sealed record BatchNotificationItem(
    string? UserId,
    string? Type,
    string? Priority = null,
    IReadOnlyList<string>? Channels = null,
    JsonElement? Data = null,
    DateTimeOffset? SendAt = null,
    string? CollapseKey = null,
    string? IdempotencyKey = null,
    [property: Description(RoutingField.Description)] string? Routing = null) : INotificationFields;

/// <summary>Body of <c>POST /v1/notifications/batch</c>. Items are read one by one, so a bad item spoils only itself.</summary>
/// <param name="Items">Up to 1,000 notifications.</param>
public sealed record SendBatchRequest(IReadOnlyList<JsonElement>? Items);
