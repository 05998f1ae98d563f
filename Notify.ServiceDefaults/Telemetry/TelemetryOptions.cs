namespace Notify.ServiceDefaults.Telemetry;

/// <summary>Extra telemetry names a service listens to, bound from the <c>Telemetry</c> configuration section.</summary>
public sealed record TelemetryOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Telemetry";

    /// <summary>Activity sources traced besides the built-in ones and the application's own (<c>Telemetry:ActivitySources:0</c>, …).</summary>
    public string[] ActivitySources { get; init; } = [];

    /// <summary>Meters exported besides the built-in ones and the application's own (<c>Telemetry:Meters:0</c>, …).</summary>
    public string[] Meters { get; init; } = [];
}
