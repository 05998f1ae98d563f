using NATS.Client.Core;

namespace Notify.Core.Messaging;

/// <summary>
/// The NATS.Net serializer of a message type in <see cref="NotifyJson"/> (source-generated System.Text.Json, no
/// reflection), passed to each publish, consume and KV call that carries one: <c>NotifySerializer&lt;NotificationEnvelope&gt;.Default</c>.
/// A body that does not deserialize surfaces as the message's <c>Error</c> (a <see cref="NatsDeserializeException"/> holding
/// the raw bytes), never as an exception out of the consume loop.
/// </summary>
/// <typeparam name="T">A type <see cref="NotifyJson"/> knows.</typeparam>
public static class NotifySerializer<T>
{
    /// <summary>The serializer.</summary>
    public static readonly INatsSerializer<T> Default = new NatsJsonContextSerializer<T>(NotifyJson.Default);
}
