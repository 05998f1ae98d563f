using Microsoft.AspNetCore.Builder;
using Notify.ServiceDefaults;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.ServiceDefaults;

/// <summary>
/// The standard <c>OTEL_TRACES_SAMPLER</c> / <c>OTEL_TRACES_SAMPLER_ARG</c> settings decide which traces are recorded;
/// without them every trace is (parent-based, always on). Spans come from a source only this service listens to, so
/// no other host's sampler in the process has a say.
/// </summary>
public sealed class TraceSamplingTests
{
    [Theory]
    [InlineData(null, null, true)]
    [InlineData("always_off", null, false)]
    [InlineData("traceidratio", "0", false)]
    [InlineData("parentbased_traceidratio", "1", true)]
    public async Task OTEL_TRACES_SAMPLER_decides_whether_a_new_trace_is_recorded(string? sampler, string? argument, bool recorded)
    {
        await using OtlpReceiver receiver = await OtlpReceiver.StartAsync();
        string source = TestNames.Unique("Notify.Sampled");
        Dictionary<string, string?> settings = OtlpExporterTests.Otlp(receiver.Endpoint);
        settings["Telemetry:ActivitySources:0"] = source;
        settings["OTEL_TRACES_SAMPLER"] = sampler;
        settings["OTEL_TRACES_SAMPLER_ARG"] = argument;
        await using WebApplication app = TestService.CreateBuilder(settings).AddServiceDefaults().Build();

        IReadOnlySet<string> traced = TracedSources.Of(app.Services, receiver, source);

        Assert.Equal(recorded, traced.Contains(source));
    }
}
