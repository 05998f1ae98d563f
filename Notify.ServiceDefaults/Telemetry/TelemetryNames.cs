using NATS.Client.Core;

namespace Notify.ServiceDefaults.Telemetry;

/// <summary>
/// The client libraries' own activity sources and meters every service listens to, besides those the instrumentation
/// packages add (ASP.NET Core, HttpClient, the runtime), the service's own (named after the application) and those
/// listed in configuration (<see cref="TelemetryOptions"/>). Npgsql's are not here: Aspire.Npgsql adds them itself,
/// unless its <c>DisableTracing</c> / <c>DisableMetrics</c> says not to.
/// </summary>
public static class TelemetryNames
{
    /// <summary>The ActivitySource and Meter of Notify's Redis primitives.</summary>
    public const string NotifyRedis = "Notify.Redis";

    /// <summary>Activity sources: the NATS client, Redis. An integration's <c>DisableTracing</c> leaves its own out.</summary>
    public static IReadOnlyList<string> ActivitySources { get; } = [NatsTelemetry.SourceName, NotifyRedis];

    /// <summary>Meters: the NATS client, Redis.</summary>
    public static IReadOnlyList<string> Meters { get; } = [NatsTelemetry.SourceName, NotifyRedis];
}
