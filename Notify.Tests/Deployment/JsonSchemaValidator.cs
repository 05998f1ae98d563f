using System.Text.Json;
using System.Text.RegularExpressions;

namespace Notify.Tests.Deployment;

/// <summary>
/// A JSON Schema (draft 7) validator for the keywords the Aspire manifest schema uses: <c>type</c>, <c>const</c>,
/// <c>enum</c>, <c>required</c>, <c>properties</c>, <c>additionalProperties</c>, <c>items</c>, <c>oneOf</c>,
/// <c>anyOf</c>, <c>allOf</c>, <c>not</c>, <c>pattern</c>, <c>$ref</c> into the same document, and boolean schemas.
/// Any other keyword that constrains is refused (<see cref="NotSupportedException"/>), so nothing is skipped unnoticed.
/// </summary>
internal sealed class JsonSchemaValidator(JsonElement schema)
{
    private static readonly HashSet<string> Annotations =
        ["$schema", "$id", "$comment", "title", "description", "default", "examples", "definitions"];

    /// <summary>The ways <paramref name="instance"/> breaks the schema, each with its JSON pointer; empty when valid.</summary>
    public IReadOnlyList<string> Validate(JsonElement instance)
    {
        var errors = new List<string>();
        Validate(schema, instance, "", errors);
        return errors;
    }

    private void Validate(JsonElement rule, JsonElement instance, string at, List<string> errors)
    {
        if (rule.ValueKind is JsonValueKind.True)
            return;
        if (rule.ValueKind is JsonValueKind.False)
        {
            errors.Add($"{Where(at)}: not allowed here");
            return;
        }

        foreach (JsonProperty keyword in rule.EnumerateObject())
        {
            JsonElement value = keyword.Value;
            switch (keyword.Name)
            {
                case "$ref":
                    Validate(Resolve(value.GetString()!), instance, at, errors);
                    break;
                case "type":
                    string[] types = value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray().Select(t => t.GetString()!)] : [value.GetString()!];
                    if (!types.Any(type => HasType(instance, type)))
                        errors.Add($"{Where(at)}: expected {string.Join(" or ", types)}, found {instance.ValueKind}");
                    break;
                case "const":
                    if (!JsonElement.DeepEquals(value, instance))
                        errors.Add($"{Where(at)}: expected {value.GetRawText()}, found {instance.GetRawText()}");
                    break;
                case "enum":
                    if (!value.EnumerateArray().Any(allowed => JsonElement.DeepEquals(allowed, instance)))
                        errors.Add($"{Where(at)}: {instance.GetRawText()} is not one of {value.GetRawText()}");
                    break;
                case "pattern":
                    if (instance.ValueKind == JsonValueKind.String && !Regex.IsMatch(instance.GetString()!, value.GetString()!, RegexOptions.None, TimeSpan.FromSeconds(1)))
                        errors.Add($"{Where(at)}: '{instance.GetString()}' does not match {value.GetString()}");
                    break;
                case "required":
                    if (instance.ValueKind == JsonValueKind.Object)
                    {
                        foreach (string name in value.EnumerateArray().Select(n => n.GetString()!).Where(n => !instance.TryGetProperty(n, out _)))
                            errors.Add($"{Where(at)}: required property '{name}' is missing");
                    }

                    break;
                case "properties":
                    if (instance.ValueKind == JsonValueKind.Object)
                    {
                        foreach (JsonProperty property in value.EnumerateObject())
                        {
                            if (instance.TryGetProperty(property.Name, out JsonElement member))
                                Validate(property.Value, member, $"{at}/{property.Name}", errors);
                        }
                    }

                    break;
                case "additionalProperties":
                    if (instance.ValueKind == JsonValueKind.Object)
                    {
                        bool declared(string name) => rule.TryGetProperty("properties", out JsonElement properties) && properties.TryGetProperty(name, out _);
                        foreach (JsonProperty member in instance.EnumerateObject().Where(m => !declared(m.Name)))
                            Validate(value, member.Value, $"{at}/{member.Name}", errors);
                    }

                    break;
                case "items":
                    if (instance.ValueKind == JsonValueKind.Array)
                    {
                        int index = 0;
                        foreach (JsonElement item in instance.EnumerateArray())
                            Validate(value, item, $"{at}/{index++}", errors);
                    }

                    break;
                case "allOf":
                    foreach (JsonElement part in value.EnumerateArray())
                        Validate(part, instance, at, errors);
                    break;
                case "anyOf":
                case "oneOf":
                    var outcomes = value.EnumerateArray().Select(part => Errors(part, instance, at)).ToList();
                    int matched = outcomes.Count(o => o.Count == 0);
                    if (matched == 0)
                    {
                        List<string> closest = outcomes.MinBy(o => o.Count)!;
                        errors.Add($"{Where(at)}: matches none of the {keyword.Name} schemas; the closest fails with: {string.Join("; ", closest)}");
                    }
                    else if (keyword.Name == "oneOf" && matched > 1)
                    {
                        errors.Add($"{Where(at)}: matches {matched} of the oneOf schemas, not exactly one");
                    }

                    break;
                case "not":
                    if (Errors(value, instance, at).Count == 0)
                        errors.Add($"{Where(at)}: matches a schema it must not ({value.GetRawText()})");
                    break;
                default:
                    if (!Annotations.Contains(keyword.Name))
                        throw new NotSupportedException($"schema keyword '{keyword.Name}' (at {Where(at)}) is not implemented by this validator");
                    break;
            }
        }
    }

    private List<string> Errors(JsonElement rule, JsonElement instance, string at)
    {
        var errors = new List<string>();
        Validate(rule, instance, at, errors);
        return errors;
    }

    /// <summary>A reference into this document: <c>#</c> or <c>#/definitions/…</c> (a JSON pointer).</summary>
    private JsonElement Resolve(string reference)
    {
        if (!reference.StartsWith('#'))
            throw new NotSupportedException($"only references into the schema itself are implemented, not '{reference}'");
        JsonElement target = schema;
        foreach (string token in reference[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            string name = Uri.UnescapeDataString(token).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (!target.TryGetProperty(name, out target))
                throw new InvalidOperationException($"the schema has no {reference}");
        }

        return target;
    }

    private static bool HasType(JsonElement instance, string type) => type switch
    {
        "object" => instance.ValueKind == JsonValueKind.Object,
        "array" => instance.ValueKind == JsonValueKind.Array,
        "string" => instance.ValueKind == JsonValueKind.String,
        "number" => instance.ValueKind == JsonValueKind.Number,
        "integer" => instance.ValueKind == JsonValueKind.Number && instance.TryGetInt64(out _),
        "boolean" => instance.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => instance.ValueKind == JsonValueKind.Null,
        _ => throw new NotSupportedException($"type '{type}'"),
    };

    private static string Where(string at) => at.Length == 0 ? "(root)" : at;
}
