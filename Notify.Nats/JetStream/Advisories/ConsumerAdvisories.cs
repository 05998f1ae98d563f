namespace Notify.Nats.JetStream.Advisories;

/// <summary>
/// <c>io.nats.jetstream.advisory.v1.max_deliver</c>: a message reached the consumer's <c>max_deliver</c> and will not
/// be delivered again. It stays in the stream under every retention policy until deleted.
/// </summary>
public sealed record ConsumerMaxDeliveriesAdvisory
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
}

/// <summary><c>io.nats.jetstream.advisory.v1.terminated</c>: a client answered <c>+TERM</c> to a delivery.</summary>
public sealed record ConsumerMsgTerminatedAdvisory
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
    /// <summary>Consumer sequence of the delivery.</summary>
    public ulong ConsumerSeq { get; init; }
    /// <summary>Stream sequence of the message.</summary>
    public ulong StreamSeq { get; init; }
    /// <summary>Deliveries made.</summary>
    public ulong Deliveries { get; init; }
    /// <summary>JetStream domain, if any.</summary>
    public string? Domain { get; init; }
}
