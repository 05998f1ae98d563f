using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notify.ServiceDefaults.Health;
using Notify.ServiceDefaults.Http;
using Notify.ServiceDefaults.Logging;
using Notify.ServiceDefaults.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Polly;

namespace Notify.ServiceDefaults;

/// <summary>
/// What every Notify service adds first and maps last, as in Aspire's ServiceDefaults: telemetry, health checks,
/// service discovery, HTTP client defaults and log masking; <c>/health</c>, <c>/alive</c> and <c>/metrics</c>.
/// </summary>
public static class Extensions
{
    /// <summary>
    /// Adds production log levels (<see cref="DefaultLogLevels"/>), log masking
    /// (<see cref="Logging.LoggingRedactionExtensions.AddSensitiveDataRedaction"/>), OpenTelemetry
    /// (<see cref="ConfigureOpenTelemetry{TBuilder}"/>), the default health checks, service discovery, and on every
    /// factory-made <see cref="HttpClient"/> a timeout (<see cref="HttpClientDefaultsOptions"/>) and service discovery.
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        DefaultLogLevels.Add(builder);
        builder.Logging.AddSensitiveDataRedaction();
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddOptions<HttpClientDefaultsOptions>()
            .Bind(builder.Configuration.GetSection(HttpClientDefaultsOptions.SectionName))
            .Validate(options => options.Timeout > TimeSpan.Zero, "HttpClientDefaults:Timeout must be positive.")
            .ValidateOnStart();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // A timeout only: retrying belongs to the callers (the dispatcher's redeliveries and per-provider breakers).
            http.AddResilienceHandler(HttpClientDefaultsOptions.PipelineName, static (pipeline, context) =>
                pipeline.AddTimeout(context.ServiceProvider.GetRequiredService<IOptions<HttpClientDefaultsOptions>>().Value.Timeout));
            http.AddServiceDiscovery();
        });
        return builder;
    }

    /// <summary>
    /// Traces, metrics and logs through OpenTelemetry, exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is
    /// set and sampled as <c>OTEL_TRACES_SAMPLER</c> says (parent-based, always on, by default); the service is named
    /// by <c>OTEL_SERVICE_NAME</c>, else the application name. Besides the ASP.NET Core, HttpClient and runtime
    /// instrumentation: <see cref="TelemetryNames"/>, the application's own source and meter, and those of
    /// <see cref="TelemetryOptions"/>. The meters also feed <c>/metrics</c>.
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        string applicationName = builder.Environment.ApplicationName;
        TelemetryOptions telemetry = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new();
        builder.Services.AddOpenTelemetry()
            // The application name unless OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES name the service: the
            // environment's attributes are added last, so theirs win.
            .ConfigureResource(resource => resource.Clear()
                .AddService(applicationName, autoGenerateServiceInstanceId: false)
                .AddTelemetrySdk()
                .AddEnvironmentVariableDetector())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter([.. TelemetryNames.Meters, applicationName, .. telemetry.Meters])
                // The instruments read their sources when observed, not the scrape: a cached answer would only be staler.
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0))
            .WithTracing(tracing => tracing
                .AddSource([applicationName, .. telemetry.ActivitySources])
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !DefaultEndpoints.IsProbe(context.Request.Path))
                .AddHttpClientInstrumentation());
        // What only the built container knows: which meters are this host's, which clients' tracing is disabled.
        builder.Services.ConfigureOpenTelemetryMeterProvider(static (services, metrics) => metrics.AddView(HostMeters.OnlyFrom(services)));
        builder.Services.ConfigureOpenTelemetryTracerProvider(static (services, tracing) =>
            tracing.AddSource([.. TracingOptOut.Traced(TelemetryNames.ActivitySources, services)]));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

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
    /// <see cref="DefaultEndpoints.MetricsPath"/> (OpenTelemetry's Prometheus exporter). Unlike Aspire's template they
    /// are mapped in every environment: the Kubernetes probes and the Prometheus scrape use them.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        DefaultEndpoints.Map(app);
        return app;
    }
}
