using System.Diagnostics.Metrics;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Dispatcher.Hosting;
using Notify.Dispatcher.Resilience;
using Notify.Nats.JetStream;

namespace Notify.Dispatcher.Telemetry;

/// <summary>
/// The dispatcher's gauges on the <c>Notify.Dispatcher</c> meter. <c>notify.consumer.pending</c>: messages of each
/// priority stream's <c>dispatch</c> consumer not yet acknowledged (waiting plus in flight), read from the consumer
/// info every <see cref="OpsReportingOptions.PendingRefresh"/> (scrapes read the last values, so a scrape costs no
/// JetStream call). <c>notify.circuit.state</c>: per provider, 0 closed, 1 half-open, 2 open, as this replica sees it.
/// </summary>
public sealed partial class DispatcherGauges : BackgroundService
{
    private readonly NatsJSContext _js;
    private readonly OpsReportingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DispatcherGauges> _logger;
    private readonly long?[] _pending = new long?[Priorities.All.Count];

    /// <summary>Registers the gauges on <paramref name="telemetry"/>'s meter.</summary>
    public DispatcherGauges(DispatcherTelemetry telemetry, ProviderCircuitBreakers breakers, NatsJSContext js, OpsReportingOptions options,
        TimeProvider time, ILogger<DispatcherGauges> logger)
    {
        _js = js;
        _options = options;
        _time = time;
        _logger = logger;
        telemetry.Meter.CreateObservableGauge("notify.consumer.pending", ObservePending, "{message}",
            "Messages of a priority's dispatch consumer not yet acknowledged (pending plus ack pending)");
        telemetry.Meter.CreateObservableGauge("notify.circuit.state",
            () => breakers.States.Select(s => new Measurement<int>((int)s.State, new KeyValuePair<string, object?>("notify.provider", s.Provider))),
            null, "Circuit breaker state per provider: 0 closed, 1 half-open, 2 open");
    }

    /// <summary>Reads every priority's consumer info once.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        foreach (var priority in Priorities.All)
        {
            var consumer = await _js.GetConsumerAsync(Subjects.Stream(priority), Subjects.DispatchConsumer, cancellationToken).ConfigureAwait(false);
            _pending[(int)priority] = (long)consumer.Info.NumPending + consumer.Info.NumAckPending;
        }
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Supervised.RunAsync(async ct =>
        {
            using var timer = new PeriodicTimer(_options.PendingRefresh, _time);
            do
                await RefreshAsync(ct).ConfigureAwait(false);
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false));
        }, Supervised.Until.Stopped, LogRefreshFailed, stoppingToken);

    private IEnumerable<Measurement<long>> ObservePending()
    {
        foreach (var priority in Priorities.All)
        {
            if (_pending[(int)priority] is { } pending)
            {
                yield return new Measurement<long>(pending, new KeyValuePair<string, object?>("notify.priority", priority.ToWire()),
                    new KeyValuePair<string, object?>("messaging.consumer.group.name", Subjects.DispatchConsumer));
            }
        }
    }

    [LoggerMessage(LogLevel.Debug, "Consumer info for the pending gauge unavailable: {Error}; retrying in {Delay}")]
    private partial void LogRefreshFailed(string error, TimeSpan delay);
}
