using System.Diagnostics;
using System.Diagnostics.Metrics;
using Notify.Core.Notifications;
using Notify.Core.Templates;

namespace Notify.Dispatcher.Telemetry;

/// <summary>
/// The dispatcher's spans and metrics: ActivitySource and Meter <c>Notify.Dispatcher</c>. Counters by channel,
/// priority and provider: sent, failed, retried, dead-lettered, skipped, in doubt; accept→provider latency histogram; rows the
/// retention job deleted, per table.
/// </summary>
public sealed class DispatcherTelemetry : IDisposable
{
    /// <summary>Name of the ActivitySource and the Meter.</summary>
    public const string Name = "Notify.Dispatcher";

    /// <summary>Spans.</summary>
    public static readonly ActivitySource Source = new(Name);

    private readonly Meter _meter;
    private readonly Counter<long> _sent, _failed, _retried, _deadLettered, _skipped, _inDoubt, _retentionDeleted;
    private readonly Histogram<double> _latency;
    private readonly Histogram<int> _smsSegments;

    /// <summary>Creates the instruments on <paramref name="meters"/>.</summary>
    public DispatcherTelemetry(IMeterFactory meters)
    {
        _meter = meters.Create(Name);
        _sent = _meter.CreateCounter<long>("notify.deliveries.sent", "{delivery}", "Deliveries the provider accepted");
        _failed = _meter.CreateCounter<long>("notify.deliveries.failed", "{attempt}", "Failed delivery attempts");
        _retried = _meter.CreateCounter<long>("notify.deliveries.retried", "{delivery}", "Deliveries scheduled for another attempt");
        _deadLettered = _meter.CreateCounter<long>("notify.deliveries.dead_lettered", "{notification}", "Notifications moved to the dead-letter queue");
        _skipped = _meter.CreateCounter<long>("notify.deliveries.skipped", "{delivery}", "Deliveries not sent on purpose");
        _inDoubt = _meter.CreateCounter<long>("notify.in_doubt", "{delivery}",
            "Redelivered deliveries whose earlier attempt started and recorded no outcome, by what was done (resend or skip)");
        _latency = _meter.CreateHistogram<double>("notify.delivery.latency", "s", "From Ingest's accept (a held notification: its release) to the provider's acceptance",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });
        _smsSegments = _meter.CreateHistogram<int>("notify.sms.segments", "{segment}", "Segments of each SMS text handed to the provider",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 3, 4, 6, 8, 10] });
        _retentionDeleted = _meter.CreateCounter<long>("notify.retention.deleted", "{row}", "Rows the retention job deleted, per table");
    }

    /// <summary>The meter, for observable instruments registered elsewhere.</summary>
    public Meter Meter => _meter;

    /// <summary>A delivery was sent, <paramref name="latency"/> after it was accepted.</summary>
    public void Sent(Channel channel, Priority priority, string provider, TimeSpan latency)
    {
        var tags = Tags(channel, priority, provider);
        _sent.Add(1, tags);
        _latency.Record(latency.TotalSeconds, tags);
    }

    /// <summary>An attempt failed.</summary>
    public void Failed(Channel channel, Priority priority, string provider, bool transient)
    {
        var tags = Tags(channel, priority, provider);
        tags.Add("error.type", transient ? "transient" : "permanent");
        _failed.Add(1, tags);
    }

    /// <summary>A delivery will be tried again.</summary>
    public void Retried(Channel? channel, Priority priority) => _retried.Add(1, Tags(channel, priority, null));

    /// <summary>A notification went to the dead-letter queue.</summary>
    public void DeadLettered(Priority priority, string reason) =>
        _deadLettered.Add(1, new TagList { { "notify.priority", priority.ToWire() }, { "notify.reason", reason } });

    /// <summary>An SMS text of <paramref name="measure"/> is about to be sent.</summary>
    public void SmsMeasured(SmsMeasure measure, Priority priority) =>
        _smsSegments.Record(measure.Segments, new TagList { { "notify.priority", priority.ToWire() }, { "notify.sms.encoding", measure.EncodingName } });

    /// <summary>A delivery was skipped.</summary>
    public void Skipped(Channel? channel, Priority priority, string reason)
    {
        var tags = Tags(channel, priority, null);
        tags.Add("notify.reason", reason);
        _skipped.Add(1, tags);
    }

    /// <summary>A redelivery found <paramref name="channel"/> in doubt and did <paramref name="action"/> (<c>resend</c> or <c>skip</c>).</summary>
    public void InDoubt(Channel channel, Priority priority, string action)
    {
        var tags = Tags(channel, priority, null);
        tags.Add("notify.action", action);
        _inDoubt.Add(1, tags);
    }

    /// <summary>The retention job deleted <paramref name="rows"/> rows of <paramref name="table"/>.</summary>
    public void RetentionDeleted(string table, long rows) =>
        _retentionDeleted.Add(rows, new KeyValuePair<string, object?>("notify.retention.kind", table));

    private static TagList Tags(Channel? channel, Priority priority, string? provider)
    {
        var tags = new TagList { { "notify.channel", channel?.ToWire() ?? "none" }, { "notify.priority", priority.ToWire() } };
        if (provider is not null)
            tags.Add("notify.provider", provider);
        return tags;
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
