using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Notify.ServiceDefaults.Health;
using Notify.ServiceDefaults.Http;
using Notify.ServiceDefaults.Logging;
using Notify.ServiceDefaults.Prometheus;
using Notify.ServiceDefaults.Telemetry;

namespace Notify.ServiceDefaults;

/// <summary>
/// What every Notify service adds first and maps last, as in Aspire's ServiceDefaults: telemetry, health checks,
/// HTTP client defaults and log masking; <c>/health</c>, <c>/alive</c> and <c>/metrics</c>.
/// </summary>
public static class Extensions
{
    /// <summary>
    /// Adds production log levels (<see cref="DefaultLogLevels"/>), log masking
    /// (<see cref="LoggingRedactionExtensions.AddSensitiveDataRedaction"/>), OpenTelemetry
    /// (<see cref="ConfigureOpenTelemetry{TBuilder}"/>), the default health checks, and a standard timeout on every
    /// factory-made <see cref="HttpClient"/> (<see cref="HttpClientDefaultsOptions"/>).
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        DefaultLogLevels.Add(builder);
        builder.Logging.AddSensitiveDataRedaction();
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        HttpClientDefaultsRegistration.Add(builder);
        return builder;
    }

    /// <summary>
    /// Traces, metrics and logs through one OpenTelemetry SDK (disposed, so flushed, with the host), exported over
    /// OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; the service is named by <c>OTEL_SERVICE_NAME</c>, else
    /// the application name. Sources and meters: <see cref="TelemetryNames"/>, the application name, and
    /// <see cref="TelemetryOptions"/>. The same meters feed <c>/metrics</c>.
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        OpenTelemetryRegistration.Add(builder);
        builder.Services.TryAddSingleton(sp => new PrometheusCollector(
            sp.GetRequiredService<TelemetrySelection>().Meters, sp.GetService<IMeterFactory>()));
        return builder;
    }

    /// <summary>Adds the <c>self</c> check, tagged <see cref="HealthTags.Live"/>: the process answers.</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [HealthTags.Live]);
        return builder;
    }

    /// <summary>
    /// Maps <see cref="DefaultEndpoints.HealthPath"/> (every check; 503 when one is Unhealthy),
    /// <see cref="DefaultEndpoints.AlivePath"/> (checks tagged <see cref="HealthTags.Live"/>) and
    /// <see cref="DefaultEndpoints.MetricsPath"/> (Prometheus text format). Unlike Aspire's template they are mapped
    /// in every environment: the Kubernetes probes and the Prometheus scrape use them.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        DefaultEndpoints.Map(app);
        return app;
    }
}
