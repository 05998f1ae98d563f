using System.Text.Json;
using Notify.Core.Notifications;

namespace Notify.Dispatcher.Content;

/// <summary>
/// The content of a batch: a notification and the later updates merged into it (<see cref="NotificationEnvelope.Merged"/>).
/// Updates of one order in the default wording read as one sentence ("Your order 123 was accepted and is being
/// prepared."); anything else (other types, the client's own text) is each update's text in the order they were
/// accepted. The title is the latest update's.
/// </summary>
public static class ContentCombiner
{
    private static readonly Dictionary<string, string> OrderPhrases = new(StringComparer.Ordinal)
    {
        ["order.placed"] = "was placed",
        ["order.accepted"] = "was accepted",
        ["order.preparing"] = "is being prepared",
        ["order.ready_for_pickup"] = "is ready",
        ["order.out_for_delivery"] = "is out for delivery",
        ["order.nearby"] = "is nearly there",
        ["order.delivered"] = "was delivered",
        ["order.cancelled"] = "was cancelled",
    };

    /// <summary>The content of <paramref name="notification"/> with whatever was merged into it, each update rendered by <paramref name="render"/>.</summary>
    public static DeliveryContent Render(NotificationEnvelope notification, Func<NotificationEnvelope, DeliveryContent> render)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(render);
        if (notification.Merged is not { Count: > 0 } merged)
            return render(notification);
        // Replicas record a batch in whatever order they take its updates: tell them in the order they were accepted.
        List<NotificationEnvelope> updates = [.. new[] { notification }.Concat(merged).OrderBy(u => u.AcceptedAt)];
        var latest = render(updates[^1]);
        var orderId = notification.OrderId;
        if (orderId is not null && updates.All(u => u.OrderId == orderId && OrderPhrases.ContainsKey(u.Type) && !HasOwnText(u)))
        {
            var phrases = updates.Select(u => OrderPhrases[u.Type]).Distinct().ToList();
            var joined = phrases.Count == 1 ? phrases[0] : $"{string.Join(", ", phrases[..^1])} and {phrases[^1]}";
            return new DeliveryContent(latest.Title, $"Your order {orderId} {joined}.");
        }
        var bodies = updates.Select(u => render(u).Body).Distinct(StringComparer.Ordinal);
        return new DeliveryContent(latest.Title, string.Join(" ", bodies));
    }

    private static bool HasOwnText(NotificationEnvelope n) =>
        n.Data is { ValueKind: JsonValueKind.Object } data && (data.TryGetProperty("body", out _) || data.TryGetProperty("title", out _));
}
