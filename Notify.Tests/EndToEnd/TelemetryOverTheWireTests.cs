using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Notify.AppHost;
using Notify.Ingest.Notifications;
using Notify.Tests.Infrastructure;
using Notify.Tests.Sandbox;
using Notify.Tests.ServiceDefaults;

namespace Notify.Tests.EndToEnd;

/// <summary>
/// The services' telemetry as it leaves the real processes: the spans Ingest, the dispatchers and the sandbox export
/// over OTLP form one trace, linked parent to child across the HTTP request, the NATS hop and the provider call; and
/// every service replica serves <c>/metrics</c> on its own port.
/// </summary>
public sealed class TelemetryOverTheWireTests(TelemetryStackFixture stack) : IClassFixture<TelemetryStackFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task One_notification_is_one_trace_from_the_http_request_through_nats_to_the_provider_call()
    {
        string user = TestNames.Unique("traced_customer");
        string token = TestNames.Unique("device");
        await new NotifyApi(stack.Ingest).PutContactsAsync(user, new { pushTokens = new[] { token } });
        ActivityTraceId traceId = ActivityTraceId.CreateRandom();
        ActivitySpanId callerSpan = ActivitySpanId.CreateRandom();

        (HttpStatusCode status, NotificationAccepted? accepted) = await SendAsync(new { userId = user, type = "order.out_for_delivery", channels = new[] { "push" }, data = new { orderId = "o-7" } },
            $"00-{traceId.ToHexString()}-{callerSpan.ToHexString()}-01");

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.NotNull(accepted);
        // NATS.Net names a publish after the subject's first two tokens (the rest is the tenant and id: too many names).
        const string published = "notify.critical publish";
        await Eventually.UntilAsync(async () => (await new SandboxControl(stack.Sandbox).MessagesAsync(user, "push")).Count == 1, Deadline, "the push at the provider");
        string trace = traceId.ToHexString();
        OtlpSpan[] Trace() => stack.Collector.Spans().Where(s => s.TraceId == trace).ToArray();
        Journey? journey = null;
        try
        {
            journey = await Eventually.ValueAsync(() => Journey.Find(Trace(), published), Deadline, "the spans of the trace");
        }
        catch (TimeoutException)
        {
            Assert.Fail($"the request, publish, process and provider spans of trace {trace}, all linked, did not arrive; these did: {string.Join("; ", Trace().AsEnumerable())}");
        }

        Assert.Equal(callerSpan.ToHexString(), journey.Request.ParentSpanId);
        Assert.True(journey.IsAncestor(journey.Request, journey.Publish), $"the publish descends from the request: {journey}");
        Assert.Equal(journey.Publish.SpanId, journey.Receive.ParentSpanId);
        Assert.True(journey.IsAncestor(journey.Receive, journey.Process), $"the processing descends from the NATS receive: {journey}");
        Assert.True(journey.IsAncestor(journey.Process, journey.ProviderCall), $"the provider call descends from the processing: {journey}");
        Assert.Equal(journey.ProviderCall.SpanId, journey.ProviderServer.ParentSpanId);
        Assert.All(journey.Spans.Where(s => s != journey.Request), span =>
            Assert.True(journey.Spans.Any(parent => parent.SpanId == span.ParentSpanId), $"{span} has its parent in the trace: {journey}"));
    }

    [Fact]
    public async Task Every_service_replica_serves_its_metrics_for_prometheus()
    {
        // Each instance on the port of its own (a replica's, behind the dispatchers' shared proxied one): what a scraper reaches.
        ServiceInstance[] instances = [.. ((string[])["sandbox", "ingest", "dispatcher"]).SelectMany(stack.Snapshots.Instances)];

        Assert.Equal(4, instances.Length);
        foreach (ServiceInstance instance in instances)
        {
            string url = instance.Snapshot.EnvironmentVariables.Single(variable => variable.Name == "ASPNETCORE_URLS").Value!;
            using HttpResponseMessage metrics = await Http.GetAsync(new Uri(new Uri(url), "/metrics"));
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
            Assert.Contains("# TYPE ", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private async Task<(HttpStatusCode, NotificationAccepted?)> SendAsync(object body, string traceParent)
    {
        // The caller's own trace context, written by hand: the test process's HttpClient propagates none.
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = stack.IngestUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DevelopmentCredentials.ApiKey);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/notifications") { Content = JsonContent.Create(body) };
        request.Headers.Add("traceparent", traceParent);
        using HttpResponseMessage response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<NotificationAccepted>(JsonSerializerOptions.Web));
    }

    /// <summary>The spans of one notification's trace, found once each step has arrived at the collector.</summary>
    private sealed record Journey(IReadOnlyList<OtlpSpan> Spans, OtlpSpan Request, OtlpSpan Publish, OtlpSpan Receive, OtlpSpan Process,
        OtlpSpan ProviderCall, OtlpSpan ProviderServer)
    {
        public static Journey? Find(IReadOnlyList<OtlpSpan> spans, string published)
        {
            OtlpSpan? request = spans.FirstOrDefault(s => s is { Service: "ingest", Kind: OtlpSpan.Server } && s.Name.TrimEnd('/') == "POST /v1/notifications");
            OtlpSpan? publish = spans.FirstOrDefault(s => s is { Service: "ingest", Kind: OtlpSpan.Producer } && s.Name == published);
            // NATS.Net's consumer span ("<subject> receive"), and under it the dispatcher's own processing span.
            // Matched by the same subject as the publish: the status stream's "notify.status receive" is in the trace too.
            string received = published[..published.LastIndexOf(' ')] + " receive";
            OtlpSpan? receive = spans.FirstOrDefault(s => s is { Service: "dispatcher", Kind: OtlpSpan.Consumer } && s.Name == received);
            OtlpSpan? process = spans.FirstOrDefault(s => s is { Service: "dispatcher" } && s.Name == "process");
            OtlpSpan? server = spans.FirstOrDefault(s => s is { Service: "sandbox", Kind: OtlpSpan.Server });
            OtlpSpan? call = server is null ? null : spans.FirstOrDefault(s => s is { Service: "dispatcher", Kind: OtlpSpan.Client } && s.SpanId == server.ParentSpanId);
            if (request is null || publish is null || receive is null || process is null || server is null || call is null)
                return null;
            var journey = new Journey(spans, request, publish, receive, process, call, server);
            // Wait for the spans in between (ended and exported a little later than their children) too.
            return spans.All(s => s == request || spans.Any(p => p.SpanId == s.ParentSpanId)) ? journey : null;
        }

        public bool IsAncestor(OtlpSpan ancestor, OtlpSpan span)
        {
            for (OtlpSpan? current = span; current is not null; current = Spans.FirstOrDefault(s => s.SpanId == current.ParentSpanId))
            {
                if (current.ParentSpanId == ancestor.SpanId)
                    return true;
            }

            return false;
        }

        public override string ToString() => string.Join("; ", Spans);
    }
}
