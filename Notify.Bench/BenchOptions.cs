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

    /// <summary>Notifications the <c>e2e</c> and <c>chaos</c> scenarios send through the whole pipeline (null: each scenario's own default).</summary>
    public int? Notifications { get; init; }

    /// <summary>Low-priority notifications queued ahead of the critical ones in the <c>priority</c> scenario.</summary>
    public int Backlog { get; init; } = 200_000;

    /// <summary>Critical notifications each measurement of the <c>priority</c> scenario sends.</summary>
    public int Critical { get; init; } = 1_000;

    /// <summary>Whether to run the nats.js peer next to the NATS.Net client.</summary>
    public bool Peer { get; init; } = true;

    /// <summary>Whether to log which types the timed sections allocate (sampled; slows the client a little).</summary>
    public bool AllocTypes { get; init; }

    /// <summary>
    /// Configuration given to the services of the pipeline scenarios (<c>--set dispatcher:Notify:Dispatcher:MaxConcurrency=16</c>),
    /// passed as environment variables; the reports list them.
    /// </summary>
    public IReadOnlyList<ServiceSetting> Settings { get; init; } = [];

    /// <summary>Whether nats-server's own output, and the AppHost's log with its resources' output, go to stderr.</summary>
    public bool Verbose { get; init; }
}

/// <summary>One configuration value for one kind of service of the stack.</summary>
/// <param name="Service"><c>ingest</c>, <c>dispatcher</c> or <c>sandbox</c>.</param>
/// <param name="Key">Configuration key, sections separated by <c>:</c>.</param>
/// <param name="Value">Value.</param>
internal sealed record ServiceSetting(string Service, string Key, string Value)
{
    /// <summary>The services a setting can name.</summary>
    public static readonly string[] Services = ["ingest", "dispatcher", "sandbox"];

    /// <summary>Parses <c>service:key=value</c>.</summary>
    public static ServiceSetting? Parse(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (colon <= 0 || equals <= colon + 1)
            return null;
        var service = text[..colon];
        return Services.Contains(service, StringComparer.Ordinal) ? new(service, text[(colon + 1)..equals], text[(equals + 1)..]) : null;
    }

    /// <summary>The environment variable that carries it.</summary>
    public string EnvironmentName => Key.Replace(":", "__", StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => $"{Service}:{Key}={Value}";
}
