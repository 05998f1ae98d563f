namespace Notify.ServiceDefaults.Integrations;

/// <summary>
/// Settings of the Redis client integration, bound from <c>Aspire:StackExchange:Redis</c> as Aspire's
/// StackExchange.Redis integration binds them; <c>ConnectionStrings:&lt;name&gt;</c> wins over <see cref="ConnectionString"/>.
/// </summary>
public sealed class RedisClientSettings
{
    /// <summary>The configuration section these settings are bound from.</summary>
    public const string SectionName = "Aspire:StackExchange:Redis";

    /// <summary>The connection string in the StackExchange.Redis format: <c>host:port[,password=…]</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Leaves out the <c>StackExchange.Redis</c> health check.</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>Turns the command spans off and leaves the <c>Notify.Redis</c> activity source out of tracing.</summary>
    public bool DisableTracing { get; set; }
}
