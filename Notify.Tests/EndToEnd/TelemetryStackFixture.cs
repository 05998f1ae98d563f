using Notify.AppHost.Hosting;
using Notify.Tests.Infrastructure;
using Notify.Tests.ServiceDefaults;

namespace Notify.Tests.EndToEnd;

/// <summary>
/// The stack with every service exporting over OTLP/HTTP (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) to a stand-in collector
/// started first, so a test sees the spans each process sends over the wire.
/// </summary>
public sealed class TelemetryStackFixture : NotifyStackFixture, IAsyncLifetime
{
    private OtlpReceiver? _collector;

    /// <summary>The collector every service exports to.</summary>
    internal OtlpReceiver Collector => _collector ?? throw new InvalidOperationException("the fixture has not been initialized");

    /// <inheritdoc />
    protected override NotifyStackOptions Options
    {
        get
        {
            NotifyStackOptions options = NotifyStackOptions.Default;
            return options with
            {
                OtlpEndpoint = new Uri(Collector.Endpoint),
                Sandbox = options.Sandbox with { OtlpProtocol = "http/protobuf" },
                Ingest = options.Ingest with { OtlpProtocol = "http/protobuf" },
                Dispatcher = options.Dispatcher with { OtlpProtocol = "http/protobuf" },
            };
        }
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
