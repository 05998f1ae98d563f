using System.Text.Json;
using System.Text.Json.Serialization;
using Notify.Core.Messaging;
using Notify.Dispatcher.Scheduling;

namespace Notify.Dispatcher;

/// <summary>The dispatcher's own JSON: camelCase, Notify's enum wire names.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    Converters = [typeof(PriorityJsonConverter), typeof(ChannelJsonConverter)])]
[JsonSerializable(typeof(PriorityPolicy))]
internal sealed partial class DispatcherJson : JsonSerializerContext;
