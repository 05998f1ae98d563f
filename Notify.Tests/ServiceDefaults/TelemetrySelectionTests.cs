using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Notify.ServiceDefaults;
using Notify.ServiceDefaults.Telemetry;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.ServiceDefaults;

public sealed class TelemetrySelectionTests
{
    [Fact]
    public async Task The_service_traces_its_own_source_the_clients_and_the_configured_ones_and_no_other()
    {
        await using OtlpReceiver receiver = await OtlpReceiver.StartAsync();
        string partner = TestNames.Unique("Partner.Sdk");
        string unlisted = TestNames.Unique("Unlisted.Sdk");
        Dictionary<string, string?> settings = OtlpExporterTests.Otlp(receiver.Endpoint);
        settings["Telemetry:ActivitySources:0"] = partner;
        await using WebApplication app = TestService.CreateBuilder(settings).AddServiceDefaults().Build();
        string own = app.Environment.ApplicationName;

        IReadOnlySet<string> traced = TracedSources.Of(app.Services, receiver, [own, partner, unlisted, .. TelemetryNames.ActivitySources]);

        string[] expected = [own, partner, .. TelemetryNames.ActivitySources];
        Assert.Equal(expected.Order(StringComparer.Ordinal), traced.Order(StringComparer.Ordinal));
        Assert.Contains("NATS.Net", traced);
    }

    [Fact]
    public async Task Metrics_show_the_services_own_meter_and_the_configured_ones_and_no_other()
    {
        string partner = TestNames.Unique("Partner.Sdk.Metrics");
        string unlisted = TestNames.Unique("Unlisted.Metrics");
        await using TestService service = await TestService.StartAsync(new Dictionary<string, string?> { ["Telemetry:Meters:0"] = partner });
        IMeterFactory meters = service.App.Services.GetRequiredService<IMeterFactory>();
        foreach (string name in new[] { service.Name, partner, unlisted })
        {
            meters.Create(name).CreateCounter<int>("notify.test.selected").Add(1);
        }

        PrometheusFamily family = PrometheusText.Parse(await service.Http.GetStringAsync("/metrics"))["notify_test_selected_total"];

        string[] expected = [service.Name, partner];
        Assert.Equal(expected.Order(StringComparer.Ordinal), family.Samples.Select(s => s.Labels["otel_scope_name"]).Order(StringComparer.Ordinal));
    }
}
