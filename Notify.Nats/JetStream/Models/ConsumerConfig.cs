using System.Text.Json.Serialization;

namespace Notify.Nats.JetStream.Models;

#pragma warning disable CS1591 // enum member names are the wire values

/// <summary>Where a consumer starts.</summary>
public enum ConsumerConfigDeliverPolicy { All, Last, New, ByStartSequence, ByStartTime, LastPerSubject }

/// <summary>How messages are acknowledged.</summary>
public enum ConsumerConfigAckPolicy { None, All, Explicit }

/// <summary>How fast messages are replayed.</summary>
public enum ConsumerConfigReplayPolicy { Instant, Original }
#pragma warning restore CS1591

/// <summary>A consumer's configuration (nats-server 2.9 fields). Zero or null means the server's default.</summary>
public sealed record ConsumerConfig
{
    /// <summary>An ephemeral consumer.</summary>
    public ConsumerConfig() { }

    /// <summary>A durable consumer named <paramref name="name"/>.</summary>
    public ConsumerConfig(string name)
    {
        Name = name;
        DurableName = name;
    }

    /// <summary>Consumer name.</summary>
    public string? Name { get; init; }
    /// <summary>Durable name: set for consumers that outlive their clients.</summary>
    public string? DurableName { get; init; }
    /// <summary>Free text.</summary>
    public string? Description { get; init; }
    /// <summary>Where delivery starts.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ConsumerConfigDeliverPolicy DeliverPolicy { get; init; }
    /// <summary>Start sequence for <see cref="ConsumerConfigDeliverPolicy.ByStartSequence"/>.</summary>
    public ulong OptStartSeq { get; init; }
    /// <summary>Start time for <see cref="ConsumerConfigDeliverPolicy.ByStartTime"/>.</summary>
    public DateTimeOffset? OptStartTime { get; init; }
    /// <summary>Ack policy; explicit by default.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ConsumerConfigAckPolicy AckPolicy { get; init; } = ConsumerConfigAckPolicy.Explicit;
    /// <summary>Time to ack before redelivery (server default 30 s).</summary>
    public TimeSpan AckWait { get; init; }
    /// <summary>Deliveries before the server gives up and raises MAX_DELIVERIES; 0 is unlimited.</summary>
    public long MaxDeliver { get; init; }
    /// <summary>Only subjects matching this filter.</summary>
    public string? FilterSubject { get; init; }
    /// <summary>Replay speed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ConsumerConfigReplayPolicy ReplayPolicy { get; init; }
    /// <summary>Most pull requests waiting at once.</summary>
    public long MaxWaiting { get; init; }
    /// <summary>Most messages delivered and not acked yet.</summary>
    public long MaxAckPending { get; init; }
    /// <summary>Deliver headers only.</summary>
    public bool HeadersOnly { get; init; }
    /// <summary>Largest batch of one pull.</summary>
    public long MaxBatch { get; init; }
    /// <summary>Longest expiry of one pull.</summary>
    public TimeSpan MaxExpires { get; init; }
    /// <summary>Idle time after which the server deletes the consumer.</summary>
    public TimeSpan InactiveThreshold { get; init; }
    /// <summary>Replicas; 0 follows the stream.</summary>
    public int NumReplicas { get; init; }
    /// <summary>Keep consumer state in memory.</summary>
    public bool MemStorage { get; init; }
    /// <summary>Push consumers: where messages are sent.</summary>
    public string? DeliverSubject { get; init; }
    /// <summary>Push consumers: flow control.</summary>
    public bool FlowControl { get; init; }
    /// <summary>Push consumers: idle heartbeat interval.</summary>
    public TimeSpan IdleHeartbeat { get; init; }
}
