using NATS.Client.Core;

namespace Notify.ServiceDefaults.Telemetry;

/// <summary>
/// The activity sources and meters every service listens to, besides its own (named after the application) and
/// those listed in configuration (<see cref="TelemetryOptions"/>).
/// </summary>
public static class TelemetryNames
{
    /// <summary>The ActivitySource and Meter of Notify's Redis primitives.</summary>
    public const string NotifyRedis = "Notify.Redis";

    /// <summary>Built-in activity sources: ASP.NET Core's server span, HttpClient, Npgsql, the NATS client, Redis.</summary>
    public static IReadOnlyList<string> ActivitySources { get; } =
        ["Microsoft.AspNetCore", "System.Net.Http", "Npgsql", NatsTelemetry.SourceName, NotifyRedis];

    /// <summary>Built-in meters: ASP.NET Core hosting and Kestrel, HttpClient, the runtime, Npgsql, the NATS client, Redis.</summary>
    public static IReadOnlyList<string> Meters { get; } =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "System.Runtime",
        "Npgsql", NatsTelemetry.SourceName, NotifyRedis,
    ];
}
