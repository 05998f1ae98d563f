using NATS.Client.Core;

namespace Notify.ServiceDefaults.Integrations;

/// <summary>
/// Settings of the NATS client integration, bound from <c>Aspire:NATS:Net</c> as Aspire's integration binds them;
/// <c>ConnectionStrings:&lt;name&gt;</c> wins over <see cref="ConnectionString"/>.
/// </summary>
public sealed class NatsClientSettings
{
    /// <summary>The configuration section these settings are bound from.</summary>
    public const string SectionName = "Aspire:NATS:Net";

    /// <summary>
    /// Server URL(s), comma-separated: <c>nats://user:password@host:port</c> (credentials optional and URI-encoded),
    /// <c>tls://host:port</c> for a server that requires TLS.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Leaves out the <c>NATS</c> health check.</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>Leaves the <c>NATS.Net</c> activity source out of tracing.</summary>
    public bool DisableTracing { get; set; }

    /// <summary>TLS: the CA that signed the server's certificate, and a client certificate where the server asks for one.</summary>
    public NatsClientTlsSettings Tls { get; set; } = new();
}

/// <summary>TLS files of the NATS client integration (<c>Aspire:NATS:Net:Tls</c>).</summary>
public sealed class NatsClientTlsSettings
{
    /// <summary>PEM file of the certificate authority the server's certificate is checked against (else the system's).</summary>
    public string? CaFile { get; set; }

    /// <summary>PEM file of the client certificate, for servers that verify clients.</summary>
    public string? CertFile { get; set; }

    /// <summary>PEM file of the client certificate's key.</summary>
    public string? KeyFile { get; set; }

    /// <summary>NATS.Net's options for these settings; its defaults (TLS when the URL or server asks) when none is set.</summary>
    public NatsTlsOpts ToOpts() => NatsTlsOpts.Default with { CaFile = OrNull(CaFile), CertFile = OrNull(CertFile), KeyFile = OrNull(KeyFile) };

    // An empty value (a variable set to nothing) means no file; NATS.Net would try to open "".
    private static string? OrNull(string? path) => string.IsNullOrWhiteSpace(path) ? null : path;
}
