using System.Text.Json;
using System.Text.Json.Serialization;
using Notify.Nats.JetStream.Advisories;
using Notify.Nats.JetStream.Models;

namespace Notify.Nats.JetStream.Internal;

/// <summary>JetStream's wire format: snake_case, enums as lower snake_case strings, durations as integer nanoseconds.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    UseStringEnumConverter = true,
    Converters = [typeof(NanosecondsConverter), typeof(SnakeCaseEnumConverter<StreamConfigRetention>),
        typeof(SnakeCaseEnumConverter<StreamConfigStorage>), typeof(SnakeCaseEnumConverter<StreamConfigDiscard>),
        typeof(SnakeCaseEnumConverter<ConsumerConfigDeliverPolicy>), typeof(SnakeCaseEnumConverter<ConsumerConfigAckPolicy>),
        typeof(SnakeCaseEnumConverter<ConsumerConfigReplayPolicy>)])]
[JsonSerializable(typeof(StreamConfig))]
[JsonSerializable(typeof(StreamInfoResponse))]
[JsonSerializable(typeof(ConsumerInfoResponse))]
[JsonSerializable(typeof(ConsumerCreateRequest))]
[JsonSerializable(typeof(SuccessResponse))]
[JsonSerializable(typeof(StoredMsgResponse))]
[JsonSerializable(typeof(MsgGetRequest))]
[JsonSerializable(typeof(MsgDeleteRequest))]
[JsonSerializable(typeof(PullRequest))]
[JsonSerializable(typeof(PubAckResponse))]
[JsonSerializable(typeof(NakDelay))]
[JsonSerializable(typeof(ConsumerMaxDeliveriesAdvisory))]
[JsonSerializable(typeof(ConsumerMsgTerminatedAdvisory))]
internal sealed partial class JetStreamJson : JsonSerializerContext;

internal sealed record NakDelay(TimeSpan Delay);

internal sealed class NanosecondsConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TimeSpan.FromTicks(reader.GetInt64() / 100);

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.Ticks * 100);
}

internal sealed class SnakeCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower)
    where TEnum : struct, Enum;
