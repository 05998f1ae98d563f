using Notify.Tests.Infrastructure;

namespace Notify.Tests.ServiceDefaults;

public sealed class LogMaskingTests
{
    [Fact]
    public async Task OpenTelemetry_log_export_carries_masked_values_only()
    {
        await using OtlpReceiver receiver = await OtlpReceiver.StartAsync();
        string marker = TestNames.Unique("masked");
        TestService service = await TestService.StartAsync(OtlpExporterTests.Otlp(receiver.Endpoint),
            app => LogMasking.MapLoggingEndpoint(app, marker));

        Assert.Equal("logged", await service.Http.GetStringAsync("/log"));
        await service.DisposeAsync();

        string logs = receiver.Text("/v1/logs");
        Assert.Contains(marker + " literal text", logs, StringComparison.Ordinal);
        Assert.All(LogMasking.Masked, masked => Assert.Contains(masked, logs, StringComparison.Ordinal));
        Assert.All(LogMasking.Clear, clear => Assert.DoesNotContain(clear, logs, StringComparison.Ordinal));
    }
}
