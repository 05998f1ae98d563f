namespace Notify.ServiceDefaults.Integrations;

/// <summary>
/// Settings of the PostgreSQL integration, bound from <c>Aspire:Npgsql</c> as Aspire's integration binds them;
/// <c>ConnectionStrings:&lt;name&gt;</c> wins over <see cref="ConnectionString"/>.
/// </summary>
public sealed class NpgsqlSettings
{
    /// <summary>The configuration section these settings are bound from.</summary>
    public const string SectionName = "Aspire:Npgsql";

    /// <summary>An Npgsql connection string: <c>Host=…;Port=…;Username=…;Password=…;Database=…</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Leaves out the <c>PostgreSql</c> health check.</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>Leaves the <c>Npgsql</c> activity source out of tracing.</summary>
    public bool DisableTracing { get; set; }
}
