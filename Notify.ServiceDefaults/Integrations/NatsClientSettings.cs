namespace Notify.ServiceDefaults.Integrations;

/// <summary>
/// Settings of the NATS client integration, bound from <c>Aspire:NATS:Net</c> as Aspire's integration binds them;
/// <c>ConnectionStrings:&lt;name&gt;</c> wins over <see cref="ConnectionString"/>.
/// </summary>
public sealed class NatsClientSettings
{
    /// <summary>The configuration section these settings are bound from.</summary>
    public const string SectionName = "Aspire:NATS:Net";

    /// <summary>Server URL(s): <c>nats://user:password@host:port</c>, credentials optional and URI-encoded.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Leaves out the <c>NATS</c> health check.</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>Leaves the <c>NATS.Net</c> activity source out of tracing.</summary>
    public bool DisableTracing { get; set; }
}
