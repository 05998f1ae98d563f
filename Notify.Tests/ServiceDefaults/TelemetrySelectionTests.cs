using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Notify.ServiceDefaults;
using Notify.ServiceDefaults.Telemetry;

namespace Notify.Tests.ServiceDefaults;

public sealed class TelemetrySelectionTests
{
    [Fact]
    public async Task The_service_listens_to_the_built_in_names_its_own_and_the_configured_ones()
    {
        WebApplicationBuilder builder = TestService.CreateBuilder(new Dictionary<string, string?>
        {
            ["Telemetry:ActivitySources:0"] = "Partner.Sdk",
            ["Telemetry:Meters:0"] = "Partner.Sdk.Metrics",
        });
        await using WebApplication app = builder.AddServiceDefaults().Build();

        TelemetrySelection selection = app.Services.GetRequiredService<TelemetrySelection>();

        Assert.Equal([.. TelemetryNames.ActivitySources, app.Environment.ApplicationName, "Partner.Sdk"], selection.ActivitySources);
        Assert.Equal([.. TelemetryNames.Meters, app.Environment.ApplicationName, "Partner.Sdk.Metrics"], selection.Meters);
        Assert.Contains("Microsoft.AspNetCore.Server.Kestrel", selection.Meters);
        Assert.Contains("Notify.Redis", selection.ActivitySources);
    }
}
