using Aspire.Hosting.Testing;
using Notify.Tests.Infrastructure;
using Notify.Tests.ServiceDefaults;

namespace Notify.Tests.EndToEnd;

/// <summary>
/// The stack with every service exporting over OTLP/HTTP to a stand-in collector started first, so a test sees the
/// spans each process sends over the wire. The collector takes the dashboard's place the way Aspire knows it: the
/// AppHost gives every project <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> from <c>ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL</c>.
/// </summary>
public sealed class TelemetryStackFixture : NotifyStackFixture, IAsyncLifetime
{
    private OtlpReceiver? _collector;

    /// <summary>The collector every service exports to.</summary>
    internal OtlpReceiver Collector => _collector ?? throw new InvalidOperationException("the fixture has not been initialized");

    /// <inheritdoc />
    protected override bool ExportsTelemetry => true;

    /// <inheritdoc />
    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        builder.Configuration["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = null;
        builder.Configuration["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = Collector.Endpoint;
    }

    async Task IAsyncLifetime.InitializeAsync()
    {
        _collector = await OtlpReceiver.StartAsync();
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        try
        {
            await DisposeAsync();
        }
        finally
        {
            if (_collector is not null)
                await _collector.DisposeAsync();
        }
    }
}
