namespace Notify.AppHost.Hosting;

/// <summary>What an <see cref="InfrastructureHost"/> starts and how.</summary>
public sealed record InfrastructureOptions
{
    /// <summary>All four servers on free ports with temporary state (what tests use).</summary>
    public static InfrastructureOptions Default { get; } = new();

    /// <summary>Which servers to start.</summary>
    public InfrastructureResources Resources { get; init; } = InfrastructureResources.All;

    /// <summary>
    /// A directory for state kept between runs: each server uses the subdirectory named after it unless its
    /// own options name one. Null gives every server a temporary directory.
    /// </summary>
    public string? StateDirectory { get; init; }

    /// <summary>Receives every output line of every server, with the server's name, unless its own options set one.</summary>
    public Action<string, string>? Output { get; init; }

    /// <summary>Options for nats-server (ports, credentials, …).</summary>
    public NatsServerOptions Nats { get; init; } = NatsServerOptions.Default;

    /// <summary>Options for redis-server.</summary>
    public RedisServerOptions Redis { get; init; } = RedisServerOptions.Default;

    /// <summary>Options for PostgreSQL.</summary>
    public PostgresServerOptions Postgres { get; init; } = PostgresServerOptions.Default;

    /// <summary>Options for the SMTP server.</summary>
    public SmtpServerOptions Smtp { get; init; } = SmtpServerOptions.Default;

    /// <summary><paramref name="options"/> with this host's state directory and output applied where it has none.</summary>
    internal T Apply<T>(T options)
        where T : ProcessResourceOptions
    {
        return options with
        {
            StateDirectory = options.StateDirectory
                ?? (StateDirectory is null ? null : Path.Combine(StateDirectory, options.Name)),
            Output = options.Output ?? Output,
        };
    }
}
