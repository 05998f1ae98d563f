namespace Notify.Nats.JetStream;

/// <summary>Options of one fetch.</summary>
public sealed record NatsJSFetchOpts
{
    /// <summary>Fetch up to 100 messages, waiting up to 30 s.</summary>
    public static readonly NatsJSFetchOpts Default = new();
    /// <summary>Most messages.</summary>
    public int MaxMsgs { get; init; } = 100;
    /// <summary>Most bytes; 0 for no limit.</summary>
    public long MaxBytes { get; init; }
    /// <summary>How long the server holds the request open.</summary>
    public TimeSpan Expires { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Server heartbeat while the request is open; zero picks half of <see cref="Expires"/> (at most 30 s) for long requests.</summary>
    public TimeSpan IdleHeartbeat { get; init; }
    /// <summary>Return at once with what is there (status 404 ends an empty fetch).</summary>
    public bool NoWait { get; init; }
}

/// <summary>Options of a continuous consume.</summary>
public sealed record NatsJSConsumeOpts
{
    /// <summary>Keep up to 1,000 messages requested, re-pull at half, 30 s requests with 15 s heartbeats.</summary>
    public static readonly NatsJSConsumeOpts Default = new();
    /// <summary>Messages requested and not yet handed to the reader, at most.</summary>
    public int MaxMsgs { get; init; } = 1000;
    /// <summary>Pull again when fewer than this many are outstanding; zero means half of <see cref="MaxMsgs"/>.</summary>
    public int ThresholdMsgs { get; init; }
    /// <summary>How long each pull request lives on the server.</summary>
    public TimeSpan Expires { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Server heartbeat; zero picks half of <see cref="Expires"/>, at most 30 s.</summary>
    public TimeSpan IdleHeartbeat { get; init; }
    /// <summary>Wait before pulling again after a transient failure (no JetStream yet, leadership change).</summary>
    public TimeSpan RetryWait { get; init; } = TimeSpan.FromMilliseconds(500);
}
