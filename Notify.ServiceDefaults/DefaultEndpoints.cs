using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Notify.ServiceDefaults.Health;

namespace Notify.ServiceDefaults;

/// <summary>The probe and scrape endpoints every service maps.</summary>
public static class DefaultEndpoints
{
    /// <summary>Readiness: every health check. 200 when Healthy or Degraded, 503 when Unhealthy.</summary>
    public const string HealthPath = "/health";

    /// <summary>Liveness: only the checks tagged <see cref="HealthTags.Live"/>.</summary>
    public const string AlivePath = "/alive";

    /// <summary>Metrics in the Prometheus text format (OpenMetrics when the scraper asks for it).</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Whether <paramref name="path"/> is one of these endpoints (their requests are not traced).</summary>
    public static bool IsProbe(PathString path) =>
        path.StartsWithSegments(HealthPath) || path.StartsWithSegments(AlivePath) || path.StartsWithSegments(MetricsPath);

    internal static void Map(WebApplication app)
    {
        app.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapHealthChecks(AlivePath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthTags.Live),
            ResponseWriter = HealthReportWriter.WriteAsync,
        });
        app.MapPrometheusScrapingEndpoint(MetricsPath);
    }
}
