namespace Notify.Bench;

/// <summary>What every scenario is run with; each scenario uses the parts that apply to it.</summary>
internal sealed record BenchOptions
{
    /// <summary>The figures in docs/benchmarks.md are taken with these unless the command says otherwise.</summary>
    public static readonly BenchOptions Default = new();

    /// <summary>Messages in each timed run.</summary>
    public int Count { get; init; } = 100_000;

    /// <summary>Payload size in bytes.</summary>
    public int PayloadSize { get; init; } = 400;

    /// <summary>Publishes awaiting their PubAck at most.</summary>
    public int Window { get; init; } = 4_000;

    /// <summary>Messages per pull request.</summary>
    public int Batch { get; init; } = 500;

    /// <summary>Timed runs per client; the report gives the median.</summary>
    public int Repeats { get; init; } = 3;

    /// <summary>Untimed messages each client handles before every timed run.</summary>
    public int Warmup { get; init; } = 20_000;

    /// <summary>Concurrent HTTP clients (one keep-alive connection each) of the pipeline scenarios.</summary>
    public int Clients { get; init; } = 64;

    /// <summary>Requests per endpoint in the <c>ingest</c> scenario's timed run.</summary>
    public int Requests { get; init; } = 50_000;

    /// <summary>Notifications the <c>e2e</c> scenario sends through the whole pipeline.</summary>
    public int Notifications { get; init; } = 20_000;

    /// <summary>Low-priority notifications queued ahead of the critical ones in the <c>priority</c> scenario.</summary>
    public int Backlog { get; init; } = 200_000;

    /// <summary>Whether to run the nats.js peer next to the Notify client.</summary>
    public bool Peer { get; init; } = true;

    /// <summary>Whether to log which types the timed sections allocate (sampled; slows the client a little).</summary>
    public bool AllocTypes { get; init; }

    /// <summary>Whether nats-server's own output goes to stderr.</summary>
    public bool Verbose { get; init; }
}
