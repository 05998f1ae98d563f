using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.ServiceDefaults;

/// <summary>
/// The OTLP exporter against a stand-in collector. Settings go through the builder's configuration, which the
/// SDK reads like the environment, so these run in parallel with everything else.
/// </summary>
public sealed class OtlpExporterTests
{
    [Fact]
    public async Task Traces_are_exported_when_the_endpoint_is_set()
    {
        await using OtlpReceiver receiver = await OtlpReceiver.StartAsync();
        string route = "/" + TestNames.Unique("exported");
        TestService service = await TestService.StartAsync(Otlp(receiver.Endpoint), app => app.MapGet(route, () => "ok"));

        Assert.Equal(HttpStatusCode.OK, (await service.Http.GetAsync(route)).StatusCode);
        await service.DisposeAsync();

        // Disposing the host disposed the SDK, which flushed: no waiting for the batch interval.
        Assert.True(receiver.Count("/v1/traces") >= 1, "no POST to /v1/traces");
        Assert.Contains($"GET {route}", receiver.Text("/v1/traces"), StringComparison.Ordinal);
        Assert.Contains(service.Name, receiver.Text("/v1/traces"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_is_exported_without_the_endpoint()
    {
        await using OtlpReceiver receiver = await OtlpReceiver.StartAsync();
        // Signal endpoints alone would route an unconditionally added exporter to the receiver: they must not.
        TestService service = await TestService.StartAsync(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = receiver.Endpoint + "/v1/traces",
            ["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] = receiver.Endpoint + "/v1/metrics",
            ["OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"] = receiver.Endpoint + "/v1/logs",
        }, app => app.MapGet("/hello", () => "ok"));

        Assert.Equal(HttpStatusCode.OK, (await service.Http.GetAsync("/hello")).StatusCode);
        await service.DisposeAsync();

        Assert.Equal(0, receiver.Count("/v1/traces") + receiver.Count("/v1/metrics") + receiver.Count("/v1/logs"));
    }

    [Fact]
    public async Task OTEL_SERVICE_NAME_wins_over_the_application_name()
    {
        await using OtlpReceiver receiver = await OtlpReceiver.StartAsync();
        string serviceName = TestNames.Unique("named");
        Dictionary<string, string?> settings = Otlp(receiver.Endpoint);
        settings["OTEL_SERVICE_NAME"] = serviceName;
        TestService service = await TestService.StartAsync(settings, app => app.MapGet("/hello", () => "ok"));

        await service.Http.GetAsync("/hello");
        await service.DisposeAsync();

        string traces = receiver.Text("/v1/traces");
        Assert.Contains(serviceName, traces, StringComparison.Ordinal);
        Assert.DoesNotContain(service.Name, traces, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_and_logs_are_exported_too()
    {
        await using OtlpReceiver receiver = await OtlpReceiver.StartAsync();
        string marker = TestNames.Unique("logged");
        TestService service = await TestService.StartAsync(Otlp(receiver.Endpoint), app =>
            app.MapGet("/hello", (ILoggerFactory logs) =>
            {
                logs.CreateLogger("Notify.Tests").LogInformation("Said hello to {Marker}", marker);
                return "ok";
            }));

        await service.Http.GetAsync("/hello");
        await service.DisposeAsync();

        Assert.Contains("http.server.request.duration", receiver.Text("/v1/metrics"), StringComparison.Ordinal);
        Assert.Contains($"Said hello to {marker}", receiver.Text("/v1/logs"), StringComparison.Ordinal);
    }

    internal static Dictionary<string, string?> Otlp(string endpoint) => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
    };
}
