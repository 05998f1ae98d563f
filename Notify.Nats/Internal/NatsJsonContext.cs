using System.Text.Json.Serialization;

namespace Notify.Nats.Internal;

[JsonSerializable(typeof(NatsServerInfo))]
internal sealed partial class NatsJsonContext : JsonSerializerContext;
