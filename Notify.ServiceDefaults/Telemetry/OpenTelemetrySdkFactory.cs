using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Notify.ServiceDefaults.Telemetry;

/// <summary>Builds the one OpenTelemetry SDK of a service: traces, metrics and logs, exported over OTLP when asked.</summary>
internal static class OpenTelemetrySdkFactory
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static OpenTelemetrySdk Create(IConfiguration configuration, string applicationName, TelemetrySelection selection)
    {
        return OpenTelemetrySdk.Create(otel =>
        {
            // The SDK reads its OTEL_* settings from the IConfiguration in its own container. Handing it the host's
            // configuration keeps the environment variables in force and lets appsettings (or a test) set them too.
            otel.Services.AddSingleton(configuration);

            if (!ServiceNameIsConfigured(configuration))
            {
                otel.ConfigureResource(resource => resource.AddService(applicationName, autoGenerateServiceInstanceId: false));
            }

            otel.WithTracing(tracing => tracing.AddSource([.. selection.ActivitySources]))
                .WithMetrics(metrics => metrics.AddMeter([.. selection.Meters]))
                .WithLogging();

            if (OtlpEndpointIsSet(configuration))
            {
                otel.UseOtlpExporter();
            }
        });
    }

    /// <summary>Whether <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set: the exporter is on only then.</summary>
    public static bool OtlpEndpointIsSet(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);

    /// <summary>
    /// Whether the environment names the service. AddService would override <c>OTEL_SERVICE_NAME</c> (resource
    /// detectors run first, later attributes win), so the application name is only a fallback.
    /// </summary>
    private static bool ServiceNameIsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"])
        || (configuration["OTEL_RESOURCE_ATTRIBUTES"] ?? "")
            .Split(',', StringSplitOptions.TrimEntries)
            .Any(attribute => attribute.StartsWith("service.name=", StringComparison.Ordinal));
}
