namespace Notify.AppHost.Hosting;

/// <summary>How to run PostgreSQL (the <c>postgres</c> server binary, in the foreground, as our child).</summary>
public sealed record PostgresServerOptions : ProcessResourceOptions
{
    /// <summary>A free port, a temporary cluster, a generated password, durability off (for tests).</summary>
    public static PostgresServerOptions Default { get; } = new();

    /// <inheritdoc />
    public override string Name { get; init; } = "postgres";

    /// <summary>The application database created when missing; also its Aspire resource name.</summary>
    public string DatabaseName { get; init; } = "notifydb";

    /// <summary>
    /// The <c>postgres</c> superuser's password for a new cluster; null generates one. An existing cluster
    /// keeps its password (stored beside the data directory); set this only to the password it was made with.
    /// </summary>
    public string? Password { get; init; }

    /// <summary>
    /// Whether writes are flushed to disk (fsync, full page writes). Off by default, which is faster and fine
    /// for throw-away test data; turn it on for state that must survive a machine crash. Either way a committed
    /// transaction survives a killed server process (commits still wait for the WAL write).
    /// </summary>
    public bool Durable { get; init; }
}
