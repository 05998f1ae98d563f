using System.Diagnostics.Metrics;
using Notify.Core.Notifications;

namespace Notify.Ingest.Telemetry;

/// <summary>Ingest's own instruments, on the meter named after the service (<c>Notify.Ingest</c>).</summary>
public sealed class IngestMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Notify.Ingest";

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _queueUnavailable;
    private readonly Counter<long> _idempotencyStoreFailures;

    /// <summary>Creates the instruments.</summary>
    public IngestMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _accepted = meter.CreateCounter<long>("notify.ingest.accepted", "{notification}", "Notifications accepted (PubAck received).");
        _duplicates = meter.CreateCounter<long>("notify.ingest.duplicates", "{notification}", "Repeats answered with the original id.");
        _rejected = meter.CreateCounter<long>("notify.ingest.rejected", "{notification}", "Notifications refused as invalid.");
        _queueUnavailable = meter.CreateCounter<long>("notify.ingest.queue_unavailable", "{request}", "Requests answered 503 because NATS could not take the work.");
        _idempotencyStoreFailures = meter.CreateCounter<long>("notify.ingest.idempotency_store.failures", "{operation}",
            "Idempotency-Key lookups or records skipped or failed because Redis was unreachable.");
    }

    /// <summary>One notification accepted.</summary>
    public void Accepted(Priority priority) => _accepted.Add(1, new KeyValuePair<string, object?>("notify.priority", priority.ToWire()));

    /// <summary>One repeat answered with its original id.</summary>
    public void Duplicate() => _duplicates.Add(1);

    /// <summary>Invalid notifications refused.</summary>
    public void Rejected(int count = 1) => _rejected.Add(count);

    /// <summary>A request that NATS could not take.</summary>
    public void QueueUnavailable() => _queueUnavailable.Add(1);

    /// <summary>An Idempotency-Key lookup or record that Redis could not serve.</summary>
    public void IdempotencyStoreFailure(string operation) =>
        _idempotencyStoreFailures.Add(1, new KeyValuePair<string, object?>("notify.operation", operation));
}
