namespace Notify.Core.Notifications;

/// <summary>Order statuses a client can report on <c>POST /v1/events/orders</c>.</summary>
public enum OrderStatus
{
    /// <summary>The customer placed the order.</summary>
    Placed,
    /// <summary>The restaurant accepted it.</summary>
    Accepted,
    /// <summary>The kitchen is preparing it.</summary>
    Preparing,
    /// <summary>Ready for the courier.</summary>
    ReadyForPickup,
    /// <summary>The courier is on the way.</summary>
    OutForDelivery,
    /// <summary>The courier is close.</summary>
    Nearby,
    /// <summary>Delivered.</summary>
    Delivered,
    /// <summary>Cancelled.</summary>
    Cancelled,
}

/// <summary>Maps an order status to the notification it raises (configurable per deployment).</summary>
/// <param name="Status">The order status.</param>
/// <param name="Type">The notification type.</param>
/// <param name="Priority">Its priority; null takes the type's.</param>
public sealed record OrderEventRule(OrderStatus Status, string Type, Priority? Priority = null);

/// <summary>The table from order statuses to notification types.</summary>
public sealed class OrderEventMap(IEnumerable<OrderEventRule>? rules = null)
{
    /// <summary>One notification type per status, named after it.</summary>
    public static readonly IReadOnlyList<OrderEventRule> DefaultRules =
    [
        new(OrderStatus.Placed, "order.placed"),
        new(OrderStatus.Accepted, "order.accepted"),
        new(OrderStatus.Preparing, "order.preparing"),
        new(OrderStatus.ReadyForPickup, "order.ready_for_pickup"),
        new(OrderStatus.OutForDelivery, "order.out_for_delivery"),
        new(OrderStatus.Nearby, "order.nearby"),
        new(OrderStatus.Delivered, "order.delivered"),
        new(OrderStatus.Cancelled, "order.cancelled"),
    ];

    private readonly Dictionary<OrderStatus, OrderEventRule> _rules = (rules ?? DefaultRules).ToDictionary(r => r.Status);

    /// <summary>The rule for <paramref name="status"/>, or null when the deployment raises nothing for it.</summary>
    public OrderEventRule? Find(OrderStatus status) => _rules.GetValueOrDefault(status);

    /// <summary>Parses the wire form: <c>OUT_FOR_DELIVERY</c>, case-insensitively.</summary>
    public static bool TryParseStatus(string? value, out OrderStatus status)
    {
        status = default;
        return value is not null && Enum.TryParse(value.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out status)
               && Enum.IsDefined(status);
    }
}
