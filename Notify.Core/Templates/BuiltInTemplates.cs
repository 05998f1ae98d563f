using System.Collections.Frozen;

namespace Notify.Core.Templates;

/// <summary>
/// The wording a notification type has when its tenant saved no template: one English text for every channel, as a
/// <see cref="TemplateDocument"/> in the same Handlebars syntax a tenant's template uses, so the dispatcher renders it
/// and the API shows it (and a tenant can start their own from it) from this one table.
/// </summary>
public static class BuiltInTemplates
{
    /// <summary>The one locale the built-in wording is written in.</summary>
    public const string Locale = "en";

    private static readonly FrozenDictionary<string, Wording> ByType = new Dictionary<string, Wording>(StringComparer.Ordinal)
    {
        ["order.placed"] = new("Order placed", "We have your order {{orderId}}."),
        ["order.accepted"] = new("Order accepted", "The restaurant accepted your order {{orderId}}."),
        ["order.preparing"] = new("Being prepared", "Your order {{orderId}} is being prepared."),
        ["order.ready_for_pickup"] = new("Ready for pickup", "Your order {{orderId}} is ready."),
        ["order.out_for_delivery"] = new("On its way", "Your order {{orderId}} is out for delivery."),
        ["order.nearby"] = new("Almost there", "Your courier is nearby with order {{orderId}}."),
        ["order.delivered"] = new("Delivered", "Your order {{orderId}} was delivered. Enjoy!"),
        ["order.cancelled"] = new("Order cancelled", "Your order {{orderId}} was cancelled."),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The types that have a built-in wording.</summary>
    public static IEnumerable<string> Types => ByType.Keys;

    /// <summary>The built-in template of <paramref name="type"/>, or null when it has none.</summary>
    public static TemplateDocument? Find(string type) => ByType.GetValueOrDefault(type)?.Document;

    /// <summary>
    /// The built-in title and body of <paramref name="type"/> rendered with <paramref name="context"/> (see
    /// <see cref="TemplateData.ToContext"/>), or null when the type has none. A variable the data lacks renders empty.
    /// </summary>
    public static (string Title, string Body)? Render(string type, IReadOnlyDictionary<string, object?> context) =>
        ByType.TryGetValue(type, out var wording) ? (wording.Title.Value(context), wording.Body.Value(context)) : null;

    private sealed class Wording(string title, string body)
    {
        public TemplateDocument Document { get; } = new(Locale, new Dictionary<string, IReadOnlyDictionary<string, ChannelTemplate>>
        {
            [Locale] = new Dictionary<string, ChannelTemplate> { [TemplateDocument.DefaultEntry] = new(Title: title, Body: body) },
        });

        public Lazy<Func<object, string>> Title { get; } = new(() => TemplateEngine.Compile(title, html: false));

        public Lazy<Func<object, string>> Body { get; } = new(() => TemplateEngine.Compile(body, html: false));
    }
}
