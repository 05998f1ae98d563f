using Microsoft.Extensions.Hosting;
using OpenTelemetry;

namespace Notify.ServiceDefaults.Telemetry;

/// <summary>
/// Creates the SDK when the host starts, so tracing and metrics begin even when nothing else asks for it first.
/// The container owns the SDK and disposes (flushes) it when the host stops.
/// </summary>
internal sealed class OpenTelemetryActivation(OpenTelemetrySdk sdk) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Being constructed with the SDK was the point; there is nothing more to start.
        _ = sdk;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
