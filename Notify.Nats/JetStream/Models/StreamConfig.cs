using System.Text.Json.Serialization;

namespace Notify.Nats.JetStream.Models;

#pragma warning disable CS1591 // enum member names are the wire values

/// <summary>How long a stream keeps messages.</summary>
public enum StreamConfigRetention { Limits, Interest, Workqueue }

/// <summary>Where a stream keeps messages.</summary>
public enum StreamConfigStorage { File, Memory }

/// <summary>What a full stream discards.</summary>
public enum StreamConfigDiscard { Old, New }
#pragma warning restore CS1591

/// <summary>A stream's configuration (nats-server 2.9 fields). Zero or null means the server's default.</summary>
public sealed record StreamConfig
{
    /// <summary>Creates a configuration for <paramref name="name"/> capturing <paramref name="subjects"/>.</summary>
    public StreamConfig(string name, IReadOnlyList<string> subjects)
    {
        Name = name;
        Subjects = subjects;
    }

    /// <summary>Stream name.</summary>
    public string Name { get; init; }
    /// <summary>Free text.</summary>
    public string? Description { get; init; }
    /// <summary>Subjects the stream captures.</summary>
    public IReadOnlyList<string> Subjects { get; init; }
    /// <summary>Retention policy.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public StreamConfigRetention Retention { get; init; }
    /// <summary>Storage type.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public StreamConfigStorage Storage { get; init; }
    /// <summary>Discard policy when a limit is reached.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public StreamConfigDiscard Discard { get; init; }
    /// <summary>Most messages kept.</summary>
    public long MaxMsgs { get; init; }
    /// <summary>Most bytes kept.</summary>
    public long MaxBytes { get; init; }
    /// <summary>Oldest message kept.</summary>
    public TimeSpan MaxAge { get; init; }
    /// <summary>Most messages kept per subject.</summary>
    public long MaxMsgsPerSubject { get; init; }
    /// <summary>Largest message accepted.</summary>
    public int MaxMsgSize { get; init; }
    /// <summary>Most consumers.</summary>
    public int MaxConsumers { get; init; }
    /// <summary>Replicas in a cluster.</summary>
    public int NumReplicas { get; init; } = 1;
    /// <summary>Window in which a repeated Nats-Msg-Id is a duplicate (server default 2 min).</summary>
    public TimeSpan DuplicateWindow { get; init; }
    /// <summary>Allows direct get on every replica.</summary>
    public bool AllowDirect { get; init; }
    /// <summary>Allows Nats-Rollup headers.</summary>
    public bool AllowRollupHdrs { get; init; }
    /// <summary>Refuses message deletes.</summary>
    public bool DenyDelete { get; init; }
    /// <summary>Refuses purges.</summary>
    public bool DenyPurge { get; init; }
}
