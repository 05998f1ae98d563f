using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Notify.Core.Notifications;
using Notify.Core.Templates;
using Notify.Core.Users;

namespace Notify.Dispatcher.Content;

/// <summary>
/// Renders a notification's text. The tenant's template of the type wins, per channel, in the user's locale (falling
/// back to its language, then the template's default locale). Without one, the built-in wording: the client may give
/// <c>title</c> and <c>body</c> in <c>data</c> (with <c>{name}</c> placeholders filled from <c>data</c>); otherwise the
/// type's <see cref="BuiltInTemplates">built-in template</see> is rendered.
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

    /// <summary>
    /// The built-in content of <paramref name="notification"/>: the client's <c>title</c> and <c>body</c> from <c>data</c>
    /// where it gives them, else the type's <see cref="BuiltInTemplates">built-in wording</see>, else the type's name.
    /// </summary>
    public DeliveryContent Render(NotificationEnvelope notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var data = notification.Data is { ValueKind: JsonValueKind.Object } d ? d : (JsonElement?)null;
        var ownTitle = Text(data, "title");
        var ownBody = Text(data, "body");
        var wording = ownTitle is not null && ownBody is not null ? null : BuiltInTemplates.Render(notification.Type, ContextOf(notification, data));
        var humanized = wording is null ? Humanize(notification.Type) : null;
        var title = ownTitle is not null ? Fill(ownTitle, data, notification) : Tidy(wording?.Title ?? humanized!);
        var body = ownBody is not null ? Fill(ownBody, data, notification) : Tidy(wording?.Body ?? humanized!);
        return new DeliveryContent(title, body);
    }

    private static string? Text(JsonElement? data, string name) =>
        data is { } values && values.TryGetProperty(name, out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;

    /// <summary>The data the built-in wording binds; the envelope's order id (an order event's) wins over one in the data.</summary>
    private static Dictionary<string, object?> ContextOf(NotificationEnvelope notification, JsonElement? data)
    {
        var context = TemplateData.ToContext(data);
        if (notification.OrderId is { } orderId)
            context["orderId"] = orderId;
        return context;
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
        return Tidy(result);
    }

    /// <summary>Closes the gap a missing value leaves ("Your order  is ready ." → "Your order is ready.").</summary>
    private static string Tidy(string text) =>
        text.Replace("  ", " ", StringComparison.Ordinal).Replace(" .", ".", StringComparison.Ordinal);

    private static string? Value(JsonElement? data, string name) =>
        data is { } values && values.TryGetProperty(name, out var v) ? v.ToString() : null;

    private static string Humanize(string type)
    {
        var last = type[(type.LastIndexOf('.') + 1)..].Replace('_', ' ');
        return last.Length == 0 ? type : char.ToUpperInvariant(last[0]) + last[1..];
    }
}
