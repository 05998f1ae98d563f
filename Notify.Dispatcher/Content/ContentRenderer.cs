using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Notify.Core.Notifications;
using Notify.Core.Templates;
using Notify.Core.Users;

namespace Notify.Dispatcher.Content;

/// <summary>
/// Renders a notification's text. The tenant's template of the type wins, per channel, in the user's locale (falling
/// back to its language, then the template's default locale). Without one, the built-in wording: the client may give
/// <c>title</c> and <c>body</c> in <c>data</c>; otherwise the type's default wording is used, with <c>{name}</c>
/// placeholders filled from <c>data</c>.
/// </summary>
public sealed partial class ContentRenderer
{
    private readonly TemplateDirectory? _templates;
    private readonly ILogger _logger;

    /// <summary>A renderer of the built-in wording only.</summary>
    public ContentRenderer() => _logger = NullLogger.Instance;

    /// <summary>A renderer of the tenants' templates in <paramref name="templates"/>, falling back to the built-in wording.</summary>
    public ContentRenderer(TemplateDirectory templates, ILogger<ContentRenderer> logger)
    {
        _templates = templates;
        _logger = logger;
    }

    /// <summary>
    /// The content of <paramref name="notification"/> for each channel, for a recipient with <paramref name="contacts"/>.
    /// A batch of merged updates gets the combined built-in wording. When PostgreSQL is unreachable and the template was never loaded, the built-in wording goes out rather than
    /// holding the notification back (order updates are worth more on time than in the tenant's words).
    /// </summary>
    public async ValueTask<RenderedNotification> RenderAsync(NotificationEnvelope notification, UserContacts contacts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(contacts);
        // A batch (updates merged into one) is told in the combined built-in wording: its updates may be of several
        // types, each with its own template.
        if (notification.Merged is { Count: > 0 })
            return new RenderedNotification(notification, ContentCombiner.Render(notification, Render), null, contacts.Locale, OnBrokenTemplate);
        var builtIn = Render(notification);
        NotificationTemplate? template = null;
        if (_templates is not null)
        {
            try
            {
                template = await _templates.GetAsync(notification.Tenant, notification.Type, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
            {
                LogTemplateUnavailable(notification.Id, notification.Type, e.Message);
            }
        }
        return new RenderedNotification(notification, builtIn, template, contacts.Locale, OnBrokenTemplate);
    }

    private void OnBrokenTemplate(NotificationEnvelope notification, Channel channel, TemplateSyntaxException e) =>
        LogTemplateBroken(notification.Type, notification.Tenant, channel.ToWire(), notification.Id, e.Message);

    [LoggerMessage(LogLevel.Warning, "Template of {Type} unavailable for {NotificationId} ({Error}); sending the built-in wording")]
    private partial void LogTemplateUnavailable(Guid notificationId, string type, string error);

    [LoggerMessage(LogLevel.Error, "Template {Type} of tenant {Tenant} failed to render for {Channel} ({NotificationId}): {Error}; sending the built-in wording")]
    private partial void LogTemplateBroken(string type, string tenant, string channel, Guid notificationId, string error);
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

    /// <summary>The built-in content of <paramref name="notification"/>.</summary>
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
