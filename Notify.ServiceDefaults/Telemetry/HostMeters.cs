using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Notify.ServiceDefaults.Telemetry;

/// <summary>
/// Keeps a host's metrics to its own meters. Meters made by an <see cref="IMeterFactory"/> (ASP.NET Core's, the
/// factory's HttpClients', the services' own) belong to one host; the SDK listens by name, so in a process with
/// several hosts (the tests run many) it would otherwise merge every host's same-named instruments into one series.
/// Static meters (the runtime's, the clients') belong to the process and stay in.
/// </summary>
internal static class HostMeters
{
    /// <summary>A view that drops the instruments of meters another host's factory made.</summary>
    public static Func<Instrument, MetricStreamConfiguration?> OnlyFrom(IServiceProvider services)
    {
        IMeterFactory? own = services.GetService<IMeterFactory>();
        return instrument => instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, own)
            ? null
            : MetricStreamConfiguration.Drop;
    }
}
