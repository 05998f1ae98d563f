using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Notify.Sandbox.Push;

/// <summary>
/// Reads a <c>messages:send</c> body as FCM's proto-JSON mapping does: unknown names, mistyped values and a missing
/// or doubled target are refused with the errors FCM gives for them.
/// </summary>
public static class FcmRequestReader
{
    private const string TypePrefix = "type.googleapis.com/google.firebase.fcm.v1.";

    private static readonly FrozenSet<string> Targets = FrozenSet.Create("token", "topic", "condition");

    private static readonly FrozenDictionary<string, string> Configs = new Dictionary<string, string>
    {
        ["android"] = "AndroidConfig",
        ["webpush"] = "WebpushConfig",
        ["apns"] = "ApnsConfig",
        ["fcm_options"] = "FcmOptions",
        ["fcmOptions"] = "FcmOptions",
    }.ToFrozenDictionary();

    private static readonly FrozenSet<string> NotificationFields = FrozenSet.Create("title", "body", "image");

    /// <summary>The body as JSON, or null when it is not JSON.</summary>
    public static async Task<JsonDocument?> ParseAsync(Stream body, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The error FCM answers a body that is not JSON with.</summary>
    public static ProviderError<GoogleError> NotJson() =>
        FcmErrors.InvalidArgument("Invalid JSON payload received. Unexpected token.", field: null, fcmDetail: false);

    /// <summary>The message's recipient as far as it can be read, for scoping faults even to requests that will be refused.</summary>
    public static string? PeekTarget(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("message", out JsonElement message) || message.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string? Text(string name) => message.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return FcmMessage.TargetOf(Text("token"), Text("topic"), Text("condition"));
    }

    /// <summary>Reads <paramref name="root"/> into a message, or the error FCM would answer it with.</summary>
    public static bool TryRead(JsonElement root, [NotNullWhen(true)] out FcmMessage? message, [NotNullWhen(false)] out ProviderError<GoogleError>? error)
    {
        message = null;
        error = ReadRequest(root, out JsonElement body, out bool validateOnly) ?? ReadMessage(body, validateOnly, out message);
        return error is null;
    }

    private static ProviderError<GoogleError>? ReadRequest(JsonElement root, out JsonElement message, out bool validateOnly)
    {
        message = default;
        validateOnly = false;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return FcmErrors.InvalidArgument("Invalid JSON payload received. Root element must be a message.", field: null, fcmDetail: false);
        }

        foreach (JsonProperty property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "message" when property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Null:
                    message = property.Value;
                    break;
                case "message":
                    return InvalidValue("message", TypePrefix + "Message", property.Value);
                case "validate_only" or "validateOnly" when property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    validateOnly = property.Value.GetBoolean();
                    break;
                case "validate_only" or "validateOnly":
                    return InvalidValue(property.Name, "TYPE_BOOL", property.Value);
                default:
                    return UnknownName(property.Name, at: null);
            }
        }

        return null;
    }

    private static ProviderError<GoogleError>? ReadMessage(JsonElement body, bool validateOnly, out FcmMessage? message)
    {
        message = null;
        if (body.ValueKind != JsonValueKind.Object)
        {
            return NoRecipient();
        }

        var targets = new Dictionary<string, string>();
        string? title = null, text = null;
        Dictionary<string, string>? data = null;
        foreach (JsonProperty property in body.EnumerateObject())
        {
            JsonElement value = property.Value;
            if (value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            ProviderError<GoogleError>? error = property.Name switch
            {
                _ when Targets.Contains(property.Name) => ReadTarget(property, targets),
                "notification" => ReadNotification(value, out title, out text),
                "data" => ReadData(value, out data),
                "name" => value.ValueKind == JsonValueKind.String ? null : InvalidValue("message.name", "TYPE_STRING", value),
                _ when Configs.TryGetValue(property.Name, out string? type) =>
                    value.ValueKind == JsonValueKind.Object ? null : InvalidValue("message." + property.Name, TypePrefix + type, value),
                _ => UnknownName(property.Name, at: "message"),
            };
            if (error is not null)
            {
                return error;
            }
        }

        if (targets.Count == 0)
        {
            return NoRecipient();
        }

        message = new FcmMessage(
            targets.GetValueOrDefault("token"), targets.GetValueOrDefault("topic"), targets.GetValueOrDefault("condition"), title, text, data, validateOnly);
        return null;
    }

    private static ProviderError<GoogleError>? ReadTarget(JsonProperty property, Dictionary<string, string> targets)
    {
        if (property.Value.ValueKind != JsonValueKind.String)
        {
            return InvalidValue("message." + property.Name, "TYPE_STRING", property.Value);
        }

        if (targets.Count > 0)
        {
            return FcmErrors.InvalidArgument($"Invalid value (oneof), oneof field 'target' is already set. Cannot set '{property.Name}'", "message", fcmDetail: false);
        }

        targets[property.Name] = property.Value.GetString()!;
        return null;
    }

    private static ProviderError<GoogleError>? ReadNotification(JsonElement notification, out string? title, out string? body)
    {
        title = body = null;
        if (notification.ValueKind != JsonValueKind.Object)
        {
            return InvalidValue("message.notification", TypePrefix + "Notification", notification);
        }

        foreach (JsonProperty property in notification.EnumerateObject())
        {
            if (!NotificationFields.Contains(property.Name))
            {
                return UnknownName(property.Name, at: "message.notification");
            }

            if (property.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return InvalidValue("message.notification." + property.Name, "TYPE_STRING", property.Value);
            }

            if (property.Name == "title")
            {
                title = property.Value.GetString();
            }
            else if (property.Name == "body")
            {
                body = property.Value.GetString();
            }
        }

        return null;
    }

    private static ProviderError<GoogleError>? ReadData(JsonElement payload, out Dictionary<string, string>? data)
    {
        data = null;
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return InvalidValue("message.data", "type.googleapis.com/google.protobuf.Struct", payload);
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = 0;
        foreach (JsonProperty entry in payload.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                return InvalidValue($"message.data[{index}].value", "TYPE_STRING", entry.Value);
            }

            values[entry.Name] = entry.Value.GetString()!;
            index++;
        }

        data = values;
        return null;
    }

    private static ProviderError<GoogleError> NoRecipient() =>
        FcmErrors.InvalidArgument("Recipient of the message is not set.", "message");

    private static ProviderError<GoogleError> InvalidValue(string path, string type, JsonElement value) =>
        FcmErrors.InvalidArgument($"Invalid value at '{path}' ({type}), {value.GetRawText()}", path, fcmDetail: false);

    private static ProviderError<GoogleError> UnknownName(string name, string? at) =>
        FcmErrors.InvalidArgument(
            at is null
                ? $"Invalid JSON payload received. Unknown name \"{name}\": Cannot find field."
                : $"Invalid JSON payload received. Unknown name \"{name}\" at '{at}': Cannot find field.",
            at,
            fcmDetail: false);
}
