using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace Notify.ServiceDefaults.Telemetry;

/// <summary>Registers the OpenTelemetry SDK, the host's OpenTelemetry logger and the server-span enrichment.</summary>
internal static class OpenTelemetryRegistration
{
    private const string SuppressAspNetCoreActivityData = "Microsoft.AspNetCore.Hosting.SuppressActivityOpenTelemetryData";

    public static void Add(IHostApplicationBuilder builder)
    {
        // ASP.NET Core 10 leaves the OpenTelemetry tags off its server span unless told otherwise.
        AppContext.SetSwitch(SuppressAspNetCoreActivityData, false);

        string applicationName = builder.Environment.ApplicationName;
        IServiceCollection services = builder.Services;
        services.AddOptions<TelemetryOptions>().Bind(builder.Configuration.GetSection(TelemetryOptions.SectionName));
        services.TryAddSingleton(sp => TelemetrySelection.For(
            applicationName, sp.GetRequiredService<IOptions<TelemetryOptions>>().Value, sp.GetServices<TracingOptOut>()));
        services.TryAddSingleton(sp => OpenTelemetrySdkFactory.Create(
            sp.GetRequiredService<IConfiguration>(), applicationName, sp.GetRequiredService<TelemetrySelection>()));

        // AddOpenTelemetry only builds a LoggerProvider of its own when none is registered: pointing it at the SDK's
        // makes the host's log records go through the SDK, and so through the exporter UseOtlpExporter added there.
        services.TryAddSingleton<LoggerProvider>(sp => sp.GetRequiredService<OpenTelemetrySdk>().LoggerProvider);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        services.AddHostedService<OpenTelemetryActivation>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, ServerSpanStartupFilter>());
    }
}
