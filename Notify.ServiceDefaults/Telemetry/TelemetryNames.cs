using NATS.Client.Core;

namespace Notify.ServiceDefaults.Telemetry;

/// <summary>
/// The client libraries' own activity sources and meters every service listens to, besides those the instrumentation
/// packages add (ASP.NET Core, HttpClient, the runtime), the service's own (named after the application) and those
/// listed in configuration (<see cref="TelemetryOptions"/>). Npgsql's and Redis's are not here: Aspire.Npgsql and
/// Aspire.StackExchange.Redis (its StackExchange.Redis instrumentation, one client span per command) add them
/// themselves, unless their <c>DisableTracing</c> / <c>DisableMetrics</c> says not to.
/// </summary>
public static class TelemetryNames
{
    /// <summary>Activity sources: the NATS client. An integration's <c>DisableTracing</c> leaves its own out.</summary>
    public static IReadOnlyList<string> ActivitySources { get; } = [NatsTelemetry.SourceName];

    /// <summary>Meters: the NATS client.</summary>
    public static IReadOnlyList<string> Meters { get; } = [NatsTelemetry.SourceName];
}
