namespace Notify.AppHost.Hosting;

/// <summary>How to run <c>nats-server</c> with JetStream.</summary>
public sealed record NatsServerOptions : ProcessResourceOptions
{
    /// <summary>A free port, a temporary store, no credentials.</summary>
    public static NatsServerOptions Default { get; } = new();

    /// <inheritdoc />
    public override string Name { get; init; } = "nats";

    /// <summary>The HTTP monitoring port (<c>/healthz</c>, <c>/jsz</c>, …); null picks a free one.</summary>
    public int? MonitorPort { get; init; }

    /// <summary>The server name (<c>-n</c>); null uses <c>notify-&lt;Name&gt;</c>.</summary>
    public string? ServerName { get; init; }

    /// <summary>User clients must authenticate as; null (with <see cref="Password"/> null) allows anonymous clients.</summary>
    public string? User { get; init; }

    /// <summary>Password for <see cref="User"/>.</summary>
    public string? Password { get; init; }

    /// <summary>A token clients must present instead of a user and password; null for none.</summary>
    public string? Token { get; init; }

    /// <summary>PEM certificate the server presents; with <see cref="TlsKeyFile"/> the server requires TLS of every client.</summary>
    public string? TlsCertFile { get; init; }

    /// <summary>PEM key of <see cref="TlsCertFile"/>.</summary>
    public string? TlsKeyFile { get; init; }
}
