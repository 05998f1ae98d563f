using System.Collections.Concurrent;
using Notify.Core.Messaging;
using NATS.Client.Core;

namespace Notify.Ingest.Operations;

/// <summary>
/// The latest <see cref="CircuitReport"/> of every dispatcher replica, from a subscription to
/// <see cref="Subjects.CircuitReportFilter"/>. A replica silent for <see cref="StaleAfter"/> is gone (stopped,
/// crashed or cut off) and no longer counts.
/// </summary>
public sealed partial class CircuitBoard(INatsConnection nats, TimeProvider time, ILogger<CircuitBoard> logger) : BackgroundService
{
    /// <summary>How long a report counts: several of the replicas' report intervals.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, (CircuitReport Report, DateTimeOffset ReceivedAt)> _reports = new(StringComparer.Ordinal);

    /// <summary>Replicas that reported lately, by name.</summary>
    public IReadOnlyList<string> Replicas => [.. Fresh().Select(r => r.Replica).Order(StringComparer.Ordinal)];

    /// <summary>Per provider, the worst state over the replicas that reported lately, worst first.</summary>
    public IReadOnlyList<ProviderCircuit> Worst() =>
        [.. Fresh()
            .SelectMany(r => r.Circuits.Select(c => (Provider: c.Key, State: c.Value, r.Replica)))
            .GroupBy(c => c.Provider, StringComparer.Ordinal)
            .Select(g =>
            {
                var worst = g.Max(c => CircuitReport.Severity(c.State));
                var at = g.Where(c => CircuitReport.Severity(c.State) == worst).ToList();
                return new ProviderCircuit(g.Key, at[0].State, [.. at.Select(c => c.Replica).Order(StringComparer.Ordinal)]);
            })
            .OrderByDescending(c => CircuitReport.Severity(c.State)).ThenBy(c => c.Provider, StringComparer.Ordinal)];

    /// <summary>Takes <paramref name="report"/> as its replica's latest.</summary>
    public void Apply(CircuitReport report) => _reports[report.Replica] = (report, time.GetUtcNow());

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var msg in nats.SubscribeAsync(Subjects.CircuitReportFilter, serializer: NotifySerializer<CircuitReport>.Default,
                    cancellationToken: stoppingToken).ConfigureAwait(false))
                {
                    // A body that is not a report arrives with Error set (the JSON error inside), never as an exception; an
                    // empty one (or JSON null) as no report at all.
                    if (msg.Error is { } error)
                        LogBadReport(logger, msg.Subject, error.InnerException?.Message ?? error.Message);
                    else if (msg.Data is { } report)
                        Apply(report);
                    else
                        LogBadReport(logger, msg.Subject, "the body holds no report");
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (NatsException ex)
            {
                LogSubscriptionFailed(logger, ex);
                await Task.Delay(RetryDelay, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private IEnumerable<CircuitReport> Fresh()
    {
        var since = time.GetUtcNow() - StaleAfter;
        return _reports.Values.Where(r => r.ReceivedAt >= since).Select(r => r.Report);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Circuit report on {Subject} ignored: {Error}")]
    private static partial void LogBadReport(ILogger logger, string subject, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Circuit report subscription failed; restarting it")]
    private static partial void LogSubscriptionFailed(ILogger logger, Exception exception);
}
