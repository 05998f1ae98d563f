namespace Notify.Nats.JetStream;

/// <summary>JetStream context options.</summary>
public sealed record NatsJSOpts
{
    /// <summary>Defaults: API prefix <c>$JS.API</c>, 5 s API timeout, 4,096 publishes in flight.</summary>
    public static readonly NatsJSOpts Default = new();

    /// <summary>Subject prefix of the JetStream API.</summary>
    public string ApiPrefix { get; init; } = "$JS.API";

    /// <summary>How long an API call or a PubAck may take.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Most <see cref="NatsJSContext.PublishConcurrentAsync"/> publishes awaiting their PubAck at once.</summary>
    public int MaxConcurrentPublishes { get; init; } = 4096;

    /// <summary>How often a publish retries when the stream has no responder yet (leader election, restart).</summary>
    public int PublishNoResponderRetries { get; init; } = 2;

    /// <summary>Wait between those retries.</summary>
    public TimeSpan PublishNoResponderWait { get; init; } = TimeSpan.FromMilliseconds(250);
}

/// <summary>Options of one publish into a stream.</summary>
public sealed record NatsJSPubOpts
{
    /// <summary>Deduplication id (<c>Nats-Msg-Id</c>): a repeat inside the stream's duplicate window is not stored again.</summary>
    public string? MsgId { get; init; }
    /// <summary>Refuse unless the subject is captured by this stream.</summary>
    public string? ExpectedStream { get; init; }
    /// <summary>Refuse unless the stream's last sequence is this.</summary>
    public ulong? ExpectedLastSequence { get; init; }
    /// <summary>Refuse unless the last sequence on this subject is this.</summary>
    public ulong? ExpectedLastSubjectSequence { get; init; }
    /// <summary>Refuse unless the stream's last message id is this.</summary>
    public string? ExpectedLastMsgId { get; init; }
}
