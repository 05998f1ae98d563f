using System.Globalization;
using System.Text.Json;

namespace Notify.Core.Templates;

/// <summary>A notification's <c>data</c> as the template engine binds it, and the check that it holds a template's paths.</summary>
public static class TemplateData
{
    /// <summary>
    /// <paramref name="data"/> as dictionaries, lists and plain values; <paramref name="orderId"/> fills <c>orderId</c>
    /// when the data lacks it (order events carry the order id beside their data).
    /// </summary>
    public static Dictionary<string, object?> ToContext(JsonElement? data, string? orderId = null)
    {
        var context = data is { ValueKind: JsonValueKind.Object } values
            ? (Dictionary<string, object?>)ToValue(values)!
            : new Dictionary<string, object?>(StringComparer.Ordinal);
        if (orderId is not null && context.GetValueOrDefault("orderId") is null)
            context["orderId"] = orderId;
        return context;
    }

    /// <summary>Whether <paramref name="data"/> holds <paramref name="path"/> (<c>courier.name</c>) with a value other than null.</summary>
    public static bool Has(JsonElement? data, string path, string? orderId = null)
    {
        if (orderId is not null && path == "orderId")
            return true;
        if (data is not { ValueKind: JsonValueKind.Object } current)
            return false;
        foreach (var segment in path.Split('.'))
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var next))
                current = next;
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index < current.GetArrayLength())
                current = current[index];
            else
                return false;
        }
        return current.ValueKind != JsonValueKind.Null;
    }

    private static object? ToValue(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Aggregate(new Dictionary<string, object?>(StringComparer.Ordinal), (d, p) =>
        {
            d[p.Name] = ToValue(p.Value);
            return d;
        }),
        JsonValueKind.Array => element.EnumerateArray().Select(ToValue).ToList(),
        JsonValueKind.String => element.GetString(),
        // Numbers keep the client's spelling (12.50 stays 12.50), yet test as numbers in #if (0 is falsy).
        JsonValueKind.Number => element.TryGetInt64(out var whole) ? whole : element.GetRawText(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
