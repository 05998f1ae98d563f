using System.Text.Json.Serialization.Metadata;
using Notify.Nats.JetStream.Advisories;
using Notify.Nats.JetStream.Internal;

namespace Notify.Nats.JetStream;

public sealed partial class NatsJSContext
{
    /// <summary>
    /// Subscribes to MAX_DELIVERIES advisories of <paramref name="consumer"/> on <paramref name="stream"/> (<c>*</c> for
    /// any). On nats-server 2.9 the server raises them only when a pull request arrives: keep a consume loop running.
    /// With a <paramref name="queueGroup"/>, each advisory goes to one member of the group (one replica handles it).
    /// </summary>
    public ValueTask<NatsJSAdvisorySubscription<ConsumerMaxDeliveriesAdvisory>> SubscribeMaxDeliveriesAsync(string stream = "*",
        string consumer = "*", string? queueGroup = null, CancellationToken cancellationToken = default) =>
        SubscribeAdvisoryAsync($"$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.{stream}.{consumer}", queueGroup,
            JetStreamJson.Default.ConsumerMaxDeliveriesAdvisory, cancellationToken);

    /// <summary>Subscribes to MSG_TERMINATED advisories (a delivery answered with <c>+TERM</c>).</summary>
    public ValueTask<NatsJSAdvisorySubscription<ConsumerMsgTerminatedAdvisory>> SubscribeMsgTerminatedAsync(string stream = "*",
        string consumer = "*", string? queueGroup = null, CancellationToken cancellationToken = default) =>
        SubscribeAdvisoryAsync($"$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.{stream}.{consumer}", queueGroup,
            JetStreamJson.Default.ConsumerMsgTerminatedAdvisory, cancellationToken);

    private async ValueTask<NatsJSAdvisorySubscription<T>> SubscribeAdvisoryAsync<T>(string subject, string? queueGroup, JsonTypeInfo<T> type,
        CancellationToken cancellationToken)
    {
        var sub = await Connection.SubscribeCoreAsync(subject, queueGroup, cancellationToken).ConfigureAwait(false);
        await Connection.PingAsync(cancellationToken).ConfigureAwait(false); // the server has registered the SUB
        return new NatsJSAdvisorySubscription<T>(sub, type);
    }
}
