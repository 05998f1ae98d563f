using System.Text.Json;

namespace Notify.Ingest.Orders;

/// <summary>Body of <c>POST /v1/events/orders</c>: an order changed status.</summary>
/// <param name="OrderId">The order (1–128 printable characters); also the collapse key.</param>
/// <param name="UserId">Who to tell.</param>
/// <param name="Status">PLACED, ACCEPTED, PREPARING, READY_FOR_PICKUP, OUT_FOR_DELIVERY, NEARBY, DELIVERED or CANCELLED.</param>
/// <param name="Data">Template variables (a JSON object), e.g. the courier's name and the ETA.</param>
public sealed record OrderEventRequest(string? OrderId, string? UserId, string? Status, JsonElement? Data = null);
