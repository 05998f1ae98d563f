using System.Text.Json;
using Notify.Core.Notifications;

namespace Notify.Dispatcher.Content;

/// <summary>
/// Renders a notification's text. The client may give <c>title</c> and <c>body</c> in <c>data</c>; otherwise the
/// type's default wording is used, with <c>{name}</c> placeholders filled from <c>data</c>.
/// </summary>
public sealed class ContentRenderer
{
    private static readonly Dictionary<string, (string Title, string Body)> Defaults = new(StringComparer.Ordinal)
    {
        ["order.placed"] = ("Order placed", "We have your order {orderId}."),
        ["order.accepted"] = ("Order accepted", "The restaurant accepted your order {orderId}."),
        ["order.preparing"] = ("Being prepared", "Your order {orderId} is being prepared."),
        ["order.ready_for_pickup"] = ("Ready for pickup", "Your order {orderId} is ready."),
        ["order.out_for_delivery"] = ("On its way", "Your order {orderId} is out for delivery."),
        ["order.nearby"] = ("Almost there", "Your courier is nearby with order {orderId}."),
        ["order.delivered"] = ("Delivered", "Your order {orderId} was delivered. Enjoy!"),
        ["order.cancelled"] = ("Order cancelled", "Your order {orderId} was cancelled."),
    };

    /// <summary>The content of <paramref name="notification"/>.</summary>
    public DeliveryContent Render(NotificationEnvelope notification)
    {
        var data = notification.Data is { ValueKind: JsonValueKind.Object } d ? d : (JsonElement?)null;
        var (title, body) = Defaults.TryGetValue(notification.Type, out var wording)
            ? wording
            : (Humanize(notification.Type), Humanize(notification.Type));
        if (data is { } values)
        {
            if (values.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String) title = t.GetString()!;
            if (values.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.String) body = b.GetString()!;
        }
        return new DeliveryContent(Fill(title, data, notification), Fill(body, data, notification));
    }

    private static string Fill(string text, JsonElement? data, NotificationEnvelope notification)
    {
        if (!text.Contains('{', StringComparison.Ordinal))
            return text;
        var result = text.Replace("{orderId}", notification.OrderId ?? Value(data, "orderId") ?? "", StringComparison.Ordinal);
        if (data is { } values)
            foreach (var property in values.EnumerateObject())
                if (property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                    result = result.Replace("{" + property.Name + "}", property.Value.ToString(), StringComparison.Ordinal);
        return result.Replace("  ", " ", StringComparison.Ordinal).Replace(" .", ".", StringComparison.Ordinal);
    }

    private static string? Value(JsonElement? data, string name) =>
        data is { } values && values.TryGetProperty(name, out var v) ? v.ToString() : null;

    private static string Humanize(string type)
    {
        var last = type[(type.LastIndexOf('.') + 1)..].Replace('_', ' ');
        return last.Length == 0 ? type : char.ToUpperInvariant(last[0]) + last[1..];
    }
}
