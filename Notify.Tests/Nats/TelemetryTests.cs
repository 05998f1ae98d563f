using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Notify.Nats;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Nats;

/// <summary>
/// Listeners on <c>NATS.Net</c> are process-wide: while one listens, every publish of every test gets a
/// <c>traceparent</c> header. These tests run alone so that no other test sees their headers.
/// </summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;

[Collection(nameof(TelemetryCollection))]
public sealed class TelemetryTests
{
    [Fact]
    public async Task Publish_span_is_recorded_and_its_trace_context_travels_in_the_traceparent_header()
    {
        using var spans = new SpanRecorder();
        await using NatsConnection connection = await SharedNats.ConnectAsync();
        string subject = TestNames.Unique("traced");
        await using NatsSubscription sub = await connection.SubscribeCoreAsync(subject);

        await connection.PublishAsync(subject, "hello".Utf8());

        NatsMsg msg = await sub.NextAsync();
        Activity publish = spans.Single($"{subject} publish");
        Assert.Equal(ActivityKind.Producer, publish.Kind);
        Assert.Equal("nats", publish.GetTagItem("messaging.system"));
        Assert.Equal("publish", publish.GetTagItem("messaging.operation.name"));
        Assert.Equal(subject, publish.GetTagItem("messaging.destination.name"));
        Assert.Equal(5, publish.GetTagItem("messaging.message.body.size"));
        Assert.Equal(publish.Id, msg.Headers!["traceparent"]);
    }

    [Fact]
    public async Task Tracing_leaves_the_callers_headers_as_they_were()
    {
        using var spans = new SpanRecorder();
        await using NatsConnection connection = await SharedNats.ConnectAsync();
        string subject = TestNames.Unique("traced");
        await using NatsSubscription sub = await connection.SubscribeCoreAsync(subject);
        var headers = new NatsHeaders { ["Tenant"] = "acme" };

        await connection.PublishAsync(subject, "hello".Utf8(), headers);

        Assert.Equal(["Tenant"], headers.Select(h => h.Key));
        NatsMsg msg = await sub.NextAsync();
        Assert.Equal("acme", msg.Headers!["Tenant"]);
        Assert.Equal(spans.Single($"{subject} publish").Id, msg.Headers["traceparent"]);
    }

    [Fact]
    public async Task Process_activity_of_the_consumer_continues_the_publishers_trace()
    {
        using var spans = new SpanRecorder();
        await using NatsConnection connection = await SharedNats.ConnectAsync();
        string subject = TestNames.Unique("traced");
        await using NatsSubscription sub = await connection.SubscribeCoreAsync(subject);
        await connection.PublishAsync(subject, "hello".Utf8());
        NatsMsg msg = await sub.NextAsync();

        using (Activity? process = msg.StartProcessActivity(consumer: "dispatcher"))
        {
            Assert.NotNull(process);
        }

        Activity publish = spans.Single($"{subject} publish");
        Activity processed = spans.Single($"{subject} process");
        Assert.Equal(ActivityKind.Consumer, processed.Kind);
        Assert.Equal(publish.TraceId, processed.TraceId);
        Assert.Equal(publish.SpanId, processed.ParentSpanId);
        Assert.Equal("dispatcher", processed.GetTagItem("messaging.consumer.group.name"));
        Assert.Equal(subject, processed.GetTagItem("messaging.destination.name"));
    }

    [Fact]
    public async Task Publish_inside_an_ambient_activity_joins_its_trace()
    {
        using var spans = new SpanRecorder();
        using var source = new ActivitySource("Notify.Tests.Ambient");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        await using NatsConnection connection = await SharedNats.ConnectAsync();
        string subject = TestNames.Unique("traced");
        await using NatsSubscription sub = await connection.SubscribeCoreAsync(subject);

        using (Activity request = source.StartActivity("handle request")!)
        {
            await connection.PublishAsync(subject, "hello".Utf8());

            Activity publish = spans.Single($"{subject} publish");
            Assert.Equal(request.TraceId, publish.TraceId);
            Assert.Equal(request.SpanId, publish.ParentSpanId);
        }

        Assert.True(NatsTelemetry.TryGetParentContext((await sub.NextAsync()).Headers, out ActivityContext carried));
        Assert.Equal(spans.Single($"{subject} publish").SpanId, carried.SpanId);
        Assert.True(carried.IsRemote);
    }

    [Fact]
    public async Task Sent_messages_counter_grows_with_every_publish()
    {
        using var counter = new SentMessagesCounter();
        await using NatsConnection connection = await SharedNats.ConnectAsync();
        string subject = TestNames.Unique("counted");
        long before = counter.Read();

        for (int i = 0; i < 5; i++)
        {
            await connection.PublishAsync(subject, "x".Utf8());
        }

        Assert.True(counter.Read() >= before + 5);
        Assert.Equal("nats", counter.SystemTag);
    }

    /// <summary>Collects the spans of <c>NATS.Net</c> as they stop.</summary>
    private sealed class SpanRecorder : IDisposable
    {
        private readonly ConcurrentQueue<Activity> _stopped = new();
        private readonly ActivityListener _listener;

        public SpanRecorder()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = s => s.Name == NatsTelemetry.SourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = _stopped.Enqueue,
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public Activity Single(string name) => Assert.Single(_stopped, a => a.OperationName == name);

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>Reads the observable <c>messaging.client.sent.messages</c> counter of <c>NATS.Net</c>.</summary>
    private sealed class SentMessagesCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _value;

        public SentMessagesCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == NatsTelemetry.SourceName && instrument.Name == "messaging.client.sent.messages")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                Interlocked.Exchange(ref _value, value);
                foreach (KeyValuePair<string, object?> tag in tags)
                {
                    if (tag.Key == "messaging.system")
                    {
                        SystemTag = tag.Value as string;
                    }
                }
            });
            _listener.Start();
        }

        public string? SystemTag { get; private set; }

        public long Read()
        {
            _listener.RecordObservableInstruments();
            return Interlocked.Read(ref _value);
        }

        public void Dispose() => _listener.Dispose();
    }
}
