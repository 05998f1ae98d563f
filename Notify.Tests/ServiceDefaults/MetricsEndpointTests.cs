using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.ServiceDefaults;

public sealed class MetricsEndpointTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Metrics_exposes_the_services_own_instruments_in_the_text_format()
    {
        await using TestService service = await TestService.StartAsync();
        Meter meter = service.App.Services.GetRequiredService<IMeterFactory>().Create(service.Name);
        Counter<long> sent = meter.CreateCounter<long>("notify.test.sent", "{message}", "Messages sent");
        UpDownCounter<int> inFlight = meter.CreateUpDownCounter<int>("notify.test.in_flight", "{message}", "Messages in flight");
        Histogram<double> latency = meter.CreateHistogram("notify.test.latency", "s", "Send latency",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1] });
        meter.CreateObservableGauge("notify.test.queue.size", () => new Measurement<long>(42, new KeyValuePair<string, object?>("queue", "sms")), "By", "Queue size");

        sent.Add(2, new KeyValuePair<string, object?>("channel", "sms"));
        sent.Add(3, new KeyValuePair<string, object?>("channel", "sms"));
        sent.Add(1, new KeyValuePair<string, object?>("channel", "em\"ail\\"));
        inFlight.Add(5);
        inFlight.Add(-2);
        foreach (double seconds in new[] { 0.05, 0.3, 0.3, 2 })
        {
            latency.Record(seconds);
        }

        HttpResponseMessage response = await service.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        IReadOnlyDictionary<string, PrometheusFamily> metrics = PrometheusText.Parse(await response.Content.ReadAsStringAsync());

        PrometheusFamily counter = metrics["notify_test_sent_total"];
        Assert.Equal("counter", counter.Type);
        Assert.Equal("Messages sent", counter.Help);
        Assert.Equal(5, Single(counter, "channel", "sms").Value);
        Assert.Equal(1, Single(counter, "channel", "em\"ail\\").Value);
        Assert.All(counter.Samples, s => Assert.Equal(service.Name, s.Labels["otel_scope_name"]));

        PrometheusFamily upDown = metrics["notify_test_in_flight"];
        Assert.Equal("gauge", upDown.Type);
        Assert.Equal(3, Assert.Single(upDown.Samples).Value);

        PrometheusFamily histogram = metrics["notify_test_latency_seconds"];
        Assert.Equal("histogram", histogram.Type);
        double[] cumulative = [.. histogram.Samples.Where(s => s.Name.EndsWith("_bucket", StringComparison.Ordinal)).Select(s => s.Value)];
        string[] bounds = [.. histogram.Samples.Where(s => s.Name.EndsWith("_bucket", StringComparison.Ordinal)).Select(s => s.Labels["le"])];
        Assert.Equal(["0.1", "0.5", "1", "+Inf"], bounds);
        Assert.Equal([1, 3, 3, 4], cumulative);
        Assert.Equal(4, histogram.Samples.Single(s => s.Name == "notify_test_latency_seconds_count").Value);
        Assert.Equal(2.65, histogram.Samples.Single(s => s.Name == "notify_test_latency_seconds_sum").Value, 6);

        PrometheusFamily gauge = metrics["notify_test_queue_size_bytes"];
        Assert.Equal("gauge", gauge.Type);
        Assert.Equal(42, Single(gauge, "queue", "sms").Value);
    }

    [Fact]
    public async Task Metrics_include_the_server_request_duration_after_a_request()
    {
        await using TestService service = await TestService.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await service.Http.GetAsync("/alive")).StatusCode);

        PrometheusFamily duration = await Eventually.ValueAsync(async () =>
        {
            IReadOnlyDictionary<string, PrometheusFamily> metrics = PrometheusText.Parse(await service.Http.GetStringAsync("/metrics"));
            return metrics.GetValueOrDefault("http_server_request_duration_seconds") is { } family
                   && family.Samples.Any(s => s.Labels.GetValueOrDefault("http_route") == "/alive") ? family : null;
        }, Deadline, "http.server.request.duration for /alive");

        Assert.Equal("histogram", duration.Type);
        PrometheusSample count = duration.Samples.Single(s =>
            s.Name == "http_server_request_duration_seconds_count" && s.Labels["http_route"] == "/alive");
        Assert.Equal(1, count.Value);
        Assert.Equal("Microsoft.AspNetCore.Hosting", count.Labels["otel_scope_name"]);
        Assert.Contains(duration.Samples, s => s.Labels.GetValueOrDefault("le") == "0.005");
    }

    [Fact]
    public async Task Metrics_of_another_host_in_the_process_stay_out()
    {
        await using TestService first = await TestService.StartAsync();
        await using TestService second = await TestService.StartAsync();
        Meter meter = second.App.Services.GetRequiredService<IMeterFactory>().Create(first.Name);
        meter.CreateCounter<int>("notify.test.elsewhere").Add(1);

        string text = await first.Http.GetStringAsync("/metrics");

        Assert.DoesNotContain("notify_test_elsewhere", text, StringComparison.Ordinal);
    }

    private static PrometheusSample Single(PrometheusFamily family, string label, string value) =>
        Assert.Single(family.Samples, s => s.Labels.GetValueOrDefault(label) == value);
}
