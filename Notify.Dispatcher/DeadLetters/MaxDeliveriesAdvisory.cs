using System.Text.Json.Serialization;
using NATS.Client.Core;

namespace Notify.Dispatcher.DeadLetters;

/// <summary>
/// <c>io.nats.jetstream.advisory.v1.max_deliver</c>, published on
/// <c>$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.&lt;stream&gt;.&lt;consumer&gt;</c>: a message reached the consumer's
/// <c>max_deliver</c> and will not be delivered again. It stays in the stream under every retention policy until deleted.
/// </summary>
public sealed record MaxDeliveriesAdvisory
{
    /// <summary>Advisory type.</summary>
    public string Type { get; init; } = "";
    /// <summary>Advisory id.</summary>
    public string Id { get; init; } = "";
    /// <summary>When the server raised it.</summary>
    public DateTimeOffset Timestamp { get; init; }
    /// <summary>Stream name.</summary>
    public string Stream { get; init; } = "";
    /// <summary>Consumer name.</summary>
    public string Consumer { get; init; } = "";
    /// <summary>Stream sequence of the message that gave up.</summary>
    public ulong StreamSeq { get; init; }
    /// <summary>Deliveries made.</summary>
    public ulong Deliveries { get; init; }
    /// <summary>JetStream domain, if any.</summary>
    public string? Domain { get; init; }

    /// <summary>The subject of the advisories of <paramref name="consumer"/> on <paramref name="stream"/> (<c>*</c> for any).</summary>
    public static string Subject(string stream, string consumer) => $"$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.{stream}.{consumer}";

    /// <summary>Its NATS.Net serializer (JetStream's snake_case JSON, source-generated).</summary>
    public static readonly INatsDeserialize<MaxDeliveriesAdvisory> Serializer = new NatsJsonContextSerializer<MaxDeliveriesAdvisory>(AdvisoryJson.Default);
}

/// <summary>JetStream advisories' JSON: snake_case names.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(MaxDeliveriesAdvisory))]
internal sealed partial class AdvisoryJson : JsonSerializerContext;
