using System.Net;
using System.Text.RegularExpressions;
using Notify.Core.Notifications;
using Notify.Core.Templates;

namespace Notify.Dispatcher.Content;

/// <summary>
/// A notification's content, channel by channel: the template's texts where it has an entry for the channel (in the
/// user's locale or a fallback), the built-in wording where it has none.
/// </summary>
public sealed partial class RenderedNotification
{
    private readonly NotificationEnvelope _notification;
    private readonly NotificationTemplate? _template;
    private readonly string? _locale;
    private readonly Action<NotificationEnvelope, Channel, TemplateSyntaxException> _onBroken;
    private Dictionary<string, object?>? _context;

    internal RenderedNotification(NotificationEnvelope notification, DeliveryContent builtIn, NotificationTemplate? template, string? locale,
        Action<NotificationEnvelope, Channel, TemplateSyntaxException> onBroken)
    {
        _notification = notification;
        BuiltIn = builtIn;
        _template = template;
        _locale = locale;
        _onBroken = onBroken;
    }

    /// <summary>The built-in wording.</summary>
    public DeliveryContent BuiltIn { get; }

    /// <summary>What goes out on <paramref name="channel"/>.</summary>
    public DeliveryContent For(Channel channel)
    {
        if (_template is null)
            return BuiltIn;
        RenderedTexts? texts;
        try
        {
            _context ??= TemplateData.ToContext(_notification.Data, _notification.OrderId);
            texts = _template.Render(channel, _locale, _context);
        }
        catch (TemplateSyntaxException e)
        {
            _onBroken(_notification, channel, e);
            return BuiltIn;
        }
        if (texts is null)
            return BuiltIn;
        var body = texts.Body ?? (texts.Html is { } html ? TextOf(html) : BuiltIn.Body);
        return new DeliveryContent(texts.Title ?? BuiltIn.Title, body) { Html = texts.Html, Locale = texts.Locale };
    }

    /// <summary>A plain-text part for an HTML-only email: the markup's text, decoded.</summary>
    private static string TextOf(string html)
    {
        var text = Tags().Replace(Breaks().Replace(html, "\n"), "");
        return WebUtility.HtmlDecode(text).Trim();
    }

    [GeneratedRegex("<(br|/p|/div|/h[1-6]|/li|/tr)\\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Breaks();

    [GeneratedRegex("<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tags();
}
