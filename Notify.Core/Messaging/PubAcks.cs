using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Notify.Core.Messaging;

/// <summary>Reading JetStream's answer to a publish the way Notify's publishes need it.</summary>
public static class PubAcks
{
    /// <summary>
    /// Throws <see cref="NatsJSApiException"/> when the server refused the publish, and returns the ack otherwise,
    /// a duplicate included. Every Notify publish carries a message id so that a repeat after a crash or a retry is
    /// absorbed: a duplicate is that working, which NATS.Net's <c>EnsureSuccess</c> would throw on.
    /// </summary>
    public static PubAckResponse ThrowIfRefused(this PubAckResponse ack) =>
        ack.Error is { } error ? throw new NatsJSApiException(error) : ack;
}
