using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Notify.Ingest.Startup;

/// <summary>Unhealthy until the streams and the key bucket are in place.</summary>
internal sealed class JetStreamReadinessCheck(JetStreamReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(readiness.IsReady
            ? HealthCheckResult.Healthy("JetStream topology and API key bucket are in place.")
            : HealthCheckResult.Unhealthy("Waiting for NATS JetStream to create the topology."));
}
