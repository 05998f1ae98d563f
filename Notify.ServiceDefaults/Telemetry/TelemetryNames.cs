using NATS.Client.Core;

namespace Notify.ServiceDefaults.Telemetry;

/// <summary>
/// The client libraries' own activity sources and meters every service listens to, besides those the instrumentation
/// packages add (ASP.NET Core, HttpClient, the runtime), the service's own (named after the application) and those
/// listed in configuration (<see cref="TelemetryOptions"/>).
/// </summary>
public static class TelemetryNames
{
    /// <summary>The ActivitySource and Meter of Notify's Redis primitives.</summary>
    public const string NotifyRedis = "Notify.Redis";

    /// <summary>The ActivitySource and Meter of Npgsql.</summary>
    public const string Npgsql = "Npgsql";

    /// <summary>Activity sources: the NATS client, Npgsql, Redis. An integration's <c>DisableTracing</c> leaves its own out.</summary>
    public static IReadOnlyList<string> ActivitySources { get; } = [NatsTelemetry.SourceName, Npgsql, NotifyRedis];

    /// <summary>Meters: the NATS client, Npgsql, Redis.</summary>
    public static IReadOnlyList<string> Meters { get; } = [NatsTelemetry.SourceName, Npgsql, NotifyRedis];
}
