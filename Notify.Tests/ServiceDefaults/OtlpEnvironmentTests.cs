using System.Net;
using Microsoft.AspNetCore.Builder;
using Notify.ServiceDefaults;

namespace Notify.Tests.ServiceDefaults;

/// <summary>The exporter as a deployment turns it on: through the process environment, as Aspire's AppHost sets it.</summary>
[Collection(ProcessWideCollection.Name)]
public sealed class OtlpEnvironmentTests
{
    [Fact]
    public async Task The_exporter_follows_OTEL_EXPORTER_OTLP_ENDPOINT_in_the_environment()
    {
        await using OtlpReceiver receiver = await OtlpReceiver.StartAsync();
        string? endpoint = Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT");
        string? protocol = Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL");
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Endpoint);
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        WebApplicationBuilder builder;
        try
        {
            builder = TestService.CreateBuilder(otlpFromEnvironment: true);
        }
        finally
        {
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", protocol);
        }

        // The configuration read the variables when the builder was created; they need not outlive that.
        TestService service = await TestService.StartAsync(builder.AddServiceDefaults(), app => app.MapGet("/hello", () => "ok"));

        Assert.Equal(HttpStatusCode.OK, (await service.Http.GetAsync("/hello")).StatusCode);
        await service.DisposeAsync();

        Assert.True(receiver.Count("/v1/traces") >= 1, "no POST to /v1/traces");
    }
}
