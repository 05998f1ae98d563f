using System.Diagnostics.Metrics;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Core.Storage;
using Notify.Dispatcher.Hosting;
using Notify.Dispatcher.Resilience;
using NATS.Client.JetStream;
using Npgsql;

namespace Notify.Dispatcher.Telemetry;

/// <summary>
/// The dispatcher's gauges on the <c>Notify.Dispatcher</c> meter. <c>notify.consumer.pending</c>: messages of each
/// priority stream's <c>dispatch</c> consumer not yet acknowledged (waiting plus in flight), read from the consumer
/// info. <c>notify.deferred.pending</c>: entries of the deferral schedule waiting for release, per reason;
/// <c>notify.deferred.overdue</c>: how far past its release time the oldest of them is (0 when none is due), which
/// grows while releasing stalls. Both sources are read every <see cref="OpsReportingOptions.PendingRefresh"/>, each on
/// its own so that an outage of one leaves the other's gauges current; scrapes read the last values, so a scrape costs
/// no JetStream call and no query. The deferred gauges report nothing until the schedule is read, and nothing while
/// reading it fails. <c>notify.circuit.state</c>: per provider, 0 closed, 1 half-open, 2 open, as this
/// replica sees it.
/// </summary>
public sealed partial class DispatcherGauges : BackgroundService
{
    private static readonly DeferralReason[] Reasons = Enum.GetValues<DeferralReason>();

    private readonly INatsJSContext _js;
    private readonly DeferredSchedule _schedule;
    private readonly OpsReportingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DispatcherGauges> _logger;
    private readonly long?[] _pending = new long?[Priorities.All.Count];
    private volatile DeferredReading? _deferred;

    /// <summary>Registers the gauges on <paramref name="telemetry"/>'s meter.</summary>
    public DispatcherGauges(DispatcherTelemetry telemetry, ProviderCircuitBreakers breakers, INatsJSContext js, DeferredSchedule schedule,
        OpsReportingOptions options, TimeProvider time, ILogger<DispatcherGauges> logger)
    {
        _js = js;
        _schedule = schedule;
        _options = options;
        _time = time;
        _logger = logger;
        telemetry.Meter.CreateObservableGauge("notify.consumer.pending", ObservePending, "{message}",
            "Messages of a priority's dispatch consumer not yet acknowledged (pending plus ack pending)");
        telemetry.Meter.CreateObservableGauge("notify.deferred.pending", ObserveDeferredPending, "{notification}",
            "Deferral schedule entries waiting for release, per reason (a batch counts once)");
        telemetry.Meter.CreateObservableGauge("notify.deferred.overdue", ObserveOverdue, "s",
            "How far past its release time the oldest waiting deferral schedule entry is (0 when none is due)");
        telemetry.Meter.CreateObservableGauge("notify.circuit.state",
            () => breakers.States.Select(s => new Measurement<int>((int)s.State, new KeyValuePair<string, object?>("notify.provider", s.Provider))),
            null, "Circuit breaker state per provider: 0 closed, 1 half-open, 2 open");
    }

    /// <summary>Reads every priority's consumer info and the deferral schedule once.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await RefreshConsumersAsync(cancellationToken).ConfigureAwait(false);
        await RefreshScheduleAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(
        Supervised.RunAsync(ct => EveryRefreshAsync(RefreshConsumersAsync, ct), Supervised.Until.Stopped, LogConsumersUnavailable, stoppingToken),
        Supervised.RunAsync(ct => EveryRefreshAsync(RefreshScheduleAsync, ct), Supervised.Until.Stopped, LogScheduleUnavailable, stoppingToken));

    private async Task EveryRefreshAsync(Func<CancellationToken, Task> refresh, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.PendingRefresh, _time);
        do
            await refresh(cancellationToken).ConfigureAwait(false);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }

    private async Task RefreshConsumersAsync(CancellationToken cancellationToken)
    {
        foreach (var priority in Priorities.All)
        {
            var consumer = await _js.GetConsumerAsync(Subjects.Stream(priority), Subjects.DispatchConsumer, cancellationToken).ConfigureAwait(false);
            _pending[(int)priority] = (long)consumer.Info.NumPending + consumer.Info.NumAckPending;
        }
    }

    private async Task RefreshScheduleAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<DeferredBacklog> backlog;
        try
        {
            backlog = await _schedule.BacklogAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException)
        {
            // Unknown until the schedule is read again: a last reading kept would hide a release stalled meanwhile.
            _deferred = null;
            throw;
        }
        var now = _time.GetUtcNow();
        var pending = new long[Reasons.Length];
        foreach (var entries in backlog)
            pending[(int)entries.Reason] = entries.Pending;
        // Measured against this replica's clock, the one its releaser decides what is due by.
        var overdue = backlog.Count == 0 ? TimeSpan.Zero : now - backlog.Min(b => b.OldestReleaseAt);
        _deferred = new DeferredReading(pending, Math.Max(overdue.TotalSeconds, 0));
    }

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

    // Every reason is reported, 0 when none waits, so a series drops to 0 rather than going stale.
    private IEnumerable<Measurement<long>> ObserveDeferredPending() =>
        _deferred is { } deferred
            ? Reasons.Select(r => new Measurement<long>(deferred.Pending[(int)r], new KeyValuePair<string, object?>("notify.deferral.reason", r.ToWire())))
            : [];

    private IEnumerable<Measurement<double>> ObserveOverdue() =>
        _deferred is { } deferred ? [new Measurement<double>(deferred.OverdueSeconds)] : [];

    [LoggerMessage(LogLevel.Debug, "Consumer info for the pending gauge unavailable: {Error}; retrying in {Delay}")]
    private partial void LogConsumersUnavailable(string error, TimeSpan delay);

    [LoggerMessage(LogLevel.Debug, "Deferral schedule for the deferred gauges unavailable: {Error}; retrying in {Delay}")]
    private partial void LogScheduleUnavailable(string error, TimeSpan delay);

    /// <summary>The deferred gauges' values from one read: waiting entries indexed by reason, and the oldest's lateness.</summary>
    private sealed record DeferredReading(long[] Pending, double OverdueSeconds);
}
