using Notify.Core.Messaging;
using Notify.Dispatcher.Hosting;
using Notify.Dispatcher.Telemetry;
using NATS.Client.Core;

namespace Notify.Dispatcher.Resilience;

/// <summary>
/// Publishes this replica's circuit states (<see cref="CircuitReport"/>) every
/// <see cref="OpsReportingOptions.CircuitReportInterval"/> on a core subject, for Ingest's ops summary, which shows the
/// worst state per provider over the replicas that reported lately. Core NATS is enough: a lost report is replaced
/// by the next one.
/// </summary>
public sealed partial class CircuitStateReporter(ProviderCircuitBreakers breakers, INatsConnection nats, OpsReportingOptions options,
    TimeProvider time, IConfiguration configuration, ILogger<CircuitStateReporter> logger) : BackgroundService
{
    /// <summary>This replica's name in its reports: its <c>service.instance.id</c>, else host, process and a random suffix.</summary>
    public string Replica { get; } = ReplicaName(configuration["OTEL_RESOURCE_ATTRIBUTES"]);

    /// <summary>The report as of now.</summary>
    public CircuitReport Snapshot() => new(Replica, time.GetUtcNow(),
        breakers.States.ToDictionary(s => s.Provider, s => s.State switch
        {
            CircuitState.Closed => CircuitReport.Closed,
            CircuitState.HalfOpen => CircuitReport.HalfOpen,
            _ => CircuitReport.Open,
        }));

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Supervised.RunAsync(async ct =>
        {
            using var timer = new PeriodicTimer(options.CircuitReportInterval, time);
            do
                await nats.PublishAsync(Subjects.CircuitReport(Replica), Snapshot(), serializer: NotifySerializer<CircuitReport>.Default,
                    cancellationToken: ct).ConfigureAwait(false);
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false));
        }, Supervised.Until.Stopped, LogReportFailed, stoppingToken);

    private static string ReplicaName(string? resourceAttributes)
    {
        foreach (var attribute in (resourceAttributes ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = attribute.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair is ["service.instance.id", { Length: > 0 } id])
                return id;
        }
        return $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
    }

    [LoggerMessage(LogLevel.Debug, "Circuit report not published: {Error}; retrying in {Delay}")]
    private partial void LogReportFailed(string error, TimeSpan delay);
}
