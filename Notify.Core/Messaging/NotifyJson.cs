using System.Text.Json;
using System.Text.Json.Serialization;
using Notify.Core.Notifications;
using Notify.Core.Status;
using Notify.Core.Storage;
using Notify.Core.Templates;
using Notify.Core.Users;

namespace Notify.Core.Messaging;

/// <summary>Notify's JSON on the wire: camelCase, enums as their lower-case wire names, no nulls.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(PriorityJsonConverter), typeof(ChannelJsonConverter), typeof(RoutingJsonConverter)])]
[JsonSerializable(typeof(NotificationEnvelope))]
[JsonSerializable(typeof(StatusEvent))]
[JsonSerializable(typeof(IReadOnlyList<StatusEvent>))]
[JsonSerializable(typeof(UserContacts))]
[JsonSerializable(typeof(InboxMessage))]
[JsonSerializable(typeof(UserPreferences))]
[JsonSerializable(typeof(UserProfile))]
[JsonSerializable(typeof(PriorityPolicy))]
[JsonSerializable(typeof(CircuitReport))]
[JsonSerializable(typeof(TemplateDocument))]
[JsonSerializable(typeof(Dictionary<string, string[]>))]
public sealed partial class NotifyJson : JsonSerializerContext;

/// <summary>Reads and writes <see cref="Priority"/> as <c>critical</c>, <c>high</c>, <c>normal</c>, <c>low</c>.</summary>
public sealed class PriorityJsonConverter : JsonConverter<Priority>
{
    /// <inheritdoc />
    public override Priority Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Priorities.TryParse(reader.GetString(), out var priority) ? priority : throw new JsonException($"Unknown priority '{reader.GetString()}'.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Priority value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToWire());

    /// <inheritdoc />
    public override Priority ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Read(ref reader, typeToConvert, options);

    /// <inheritdoc />
    public override void WriteAsPropertyName(Utf8JsonWriter writer, Priority value, JsonSerializerOptions options) => writer.WritePropertyName(value.ToWire());
}

/// <summary>Reads and writes <see cref="Channel"/> as <c>push</c>, <c>sms</c>, <c>email</c>, <c>inapp</c>, <c>webhook</c>.</summary>
public sealed class ChannelJsonConverter : JsonConverter<Channel>
{
    /// <inheritdoc />
    public override Channel Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Channels.TryParse(reader.GetString(), out var channel) ? channel : throw new JsonException($"Unknown channel '{reader.GetString()}'.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Channel value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToWire());

    /// <inheritdoc />
    public override Channel ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Read(ref reader, typeToConvert, options);

    /// <inheritdoc />
    public override void WriteAsPropertyName(Utf8JsonWriter writer, Channel value, JsonSerializerOptions options) => writer.WritePropertyName(value.ToWire());
}

/// <summary>Reads and writes <see cref="Routing"/> as <c>fallback</c>, <c>all</c>.</summary>
public sealed class RoutingJsonConverter : JsonConverter<Routing>
{
    /// <inheritdoc />
    public override Routing Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Routings.TryParse(reader.GetString(), out var routing) ? routing : throw new JsonException($"Unknown routing '{reader.GetString()}'.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Routing value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToWire());
}
