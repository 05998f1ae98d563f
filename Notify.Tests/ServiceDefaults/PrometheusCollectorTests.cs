using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Notify.ServiceDefaults.Prometheus;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.ServiceDefaults;

/// <summary>The collector behind <c>/metrics</c>, on meters of the test's own (unique names keep tests apart).</summary>
public sealed class PrometheusCollectorTests : IDisposable
{
    private readonly string _meterName = TestNames.Unique("meter");
    private readonly Meter _meter;
    private readonly PrometheusCollector _collector;

    public PrometheusCollectorTests()
    {
        _meter = new Meter(_meterName);
        _collector = new PrometheusCollector([_meterName], meterFactory: null);
    }

    [Theory]
    [InlineData("notify.sent", "{message}", "counter", "notify_sent_total")]
    [InlineData("notify.payload.size", "By", "histogram", "notify_payload_size_bytes")]
    [InlineData("notify.latency", "s", "histogram", "notify_latency_seconds")]
    [InlineData("notify.latency", "ms", "gauge", "notify_latency_milliseconds")]
    [InlineData("notify.throughput", "By/s", "gauge", "notify_throughput_bytes_per_second")]
    [InlineData("notify.ratio", "1", "gauge", "notify_ratio")]
    [InlineData("notify.requests_total", "", "counter", "notify_requests_total")]
    [InlineData("notify.size_bytes", "By", "gauge", "notify_size_bytes")]
    [InlineData("9lives.€uro-rate", "", "gauge", "_9lives_uro_rate")]
    public void Names_are_sanitised_and_carry_the_unit_suffix(string instrument, string unit, string type, string expected)
    {
        var shape = type switch
        {
            "counter" => PrometheusType.Counter,
            "histogram" => PrometheusType.Histogram,
            _ => PrometheusType.Gauge,
        };

        Assert.Equal(expected, PrometheusNames.MetricName(instrument, unit, shape));
    }

    [Fact]
    public void Tags_become_escaped_labels_and_their_order_does_not_split_a_series()
    {
        Counter<int> counter = _meter.CreateCounter<int>("tagged");
        counter.Add(1, new("a.b", "x"), new("c", "line\nbreak \"quoted\" back\\slash"));
        counter.Add(2, new("c", "line\nbreak \"quoted\" back\\slash"), new("a.b", "x"));

        PrometheusFamily family = Scrape()["tagged_total"];

        PrometheusSample sample = Assert.Single(family.Samples);
        Assert.Equal(3, sample.Value);
        Assert.Equal("x", sample.Labels["a_b"]);
        Assert.Equal("line\nbreak \"quoted\" back\\slash", sample.Labels["c"]);
    }

    [Fact]
    public void Histograms_without_advice_use_the_default_boundaries()
    {
        _meter.CreateHistogram<long>("plain", "ms").Record(7);

        PrometheusFamily family = Scrape()["plain_milliseconds"];

        string[] bounds = [.. family.Samples.Where(s => s.Labels.ContainsKey("le")).Select(s => s.Labels["le"])];
        Assert.Equal(new[] { "0", "5", "10", "25", "50", "75", "100", "250", "500", "750", "1000", "2500", "5000", "7500", "10000", "+Inf" }, bounds);
        Assert.Equal(1, family.Samples.Single(s => s.Labels.GetValueOrDefault("le") == "10").Value);
        Assert.Equal(0, family.Samples.Single(s => s.Labels.GetValueOrDefault("le") == "5").Value);
    }

    [Fact]
    public void A_value_on_a_boundary_counts_in_that_bucket()
    {
        Histogram<double> histogram = _meter.CreateHistogram("edges", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2] });
        histogram.Record(1);
        histogram.Record(2);
        histogram.Record(2.5);

        PrometheusFamily family = Scrape()["edges"];

        Assert.Equal([1d, 2d, 3d], family.Samples.Where(s => s.Name == "edges_bucket").Select(s => s.Value).ToArray());
        Assert.Equal(5.5, family.Samples.Single(s => s.Name == "edges_sum").Value);
    }

    [Fact]
    public async Task Concurrent_increments_are_all_counted()
    {
        Counter<long> counter = _meter.CreateCounter<long>("busy");
        Histogram<double> histogram = _meter.CreateHistogram<double>("busy.latency");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (int i = 0; i < 20_000; i++)
            {
                counter.Add(1, new KeyValuePair<string, object?>("worker", worker % 2));
                histogram.Record(i % 100);
            }
        })));

        IReadOnlyDictionary<string, PrometheusFamily> metrics = Scrape();
        Assert.Equal(160_000, metrics["busy_total"].Samples.Sum(s => s.Value));
        Assert.Equal(160_000, metrics["busy_latency"].Samples.Single(s => s.Name == "busy_latency_count").Value);
    }

    [Fact]
    public void Observable_series_that_are_no_longer_reported_disappear()
    {
        var queues = new List<string> { "sms", "push" };
        _meter.CreateObservableUpDownCounter("queued", () => queues.Select(q => new Measurement<int>(q.Length, new KeyValuePair<string, object?>("queue", q))));

        Assert.Equal(2, Scrape()["queued"].Samples.Count);
        queues.Remove("push");

        PrometheusSample remaining = Assert.Single(Scrape()["queued"].Samples);
        Assert.Equal("sms", remaining.Labels["queue"]);
    }

    [Fact]
    public void Beyond_the_series_limit_new_tag_sets_go_to_one_overflow_series()
    {
        Counter<int> counter = _meter.CreateCounter<int>("wide");
        for (int i = 0; i < InstrumentState.MaxSeries + 10; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("id", i));
        }

        PrometheusFamily family = Scrape()["wide_total"];

        Assert.Equal(InstrumentState.MaxSeries + 1, family.Samples.Count);
        Assert.Equal(10, family.Samples.Single(s => s.Labels.ContainsKey("otel_metric_overflow")).Value);
    }

    [Fact]
    public void Same_named_instruments_of_a_static_and_a_host_meter_make_one_series()
    {
        using ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        IMeterFactory factory = services.GetRequiredService<IMeterFactory>();
        using var collector = new PrometheusCollector([_meterName], factory);
        _meter.CreateCounter<int>("twice").Add(1, new KeyValuePair<string, object?>("k", "v"));
        factory.Create(_meterName).CreateCounter<int>("twice").Add(2, new KeyValuePair<string, object?>("k", "v"));

        PrometheusSample sample = Assert.Single(PrometheusText.Parse(collector.Scrape())["twice_total"].Samples);

        Assert.Equal(3, sample.Value);
    }

    [Fact]
    public void Instruments_without_measurements_are_left_out()
    {
        _meter.CreateCounter<int>("idle");

        Assert.False(Scrape().ContainsKey("idle_total"));
    }

    public void Dispose()
    {
        _collector.Dispose();
        _meter.Dispose();
    }

    private IReadOnlyDictionary<string, PrometheusFamily> Scrape() => PrometheusText.Parse(_collector.Scrape());
}
