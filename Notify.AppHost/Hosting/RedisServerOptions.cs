namespace Notify.AppHost.Hosting;

/// <summary>How to run <c>redis-server</c>.</summary>
public sealed record RedisServerOptions : ProcessResourceOptions
{
    /// <summary>A free port, a temporary directory, no password.</summary>
    public static RedisServerOptions Default { get; } = new();

    /// <inheritdoc />
    public override string Name { get; init; } = "redis";

    /// <summary>The password clients must send (<c>--requirepass</c>); null for none.</summary>
    public string? Password { get; init; }
}
