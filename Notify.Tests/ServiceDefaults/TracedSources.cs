using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Notify.Tests.Infrastructure;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Notify.Tests.ServiceDefaults;

/// <summary>Which activity sources a service's tracing exports, told by one span from each, sent to a receiver.</summary>
internal static class TracedSources
{
    /// <summary>
    /// The names among <paramref name="sources"/> whose span reached <paramref name="receiver"/>. Other hosts in the
    /// process may listen to the same names: only what this service's own provider exported counts. Shuts the
    /// provider down, the one way to know its exports are done: a flush returns once the batch left the queue, which
    /// may be before the receiver has it.
    /// </summary>
    public static IReadOnlySet<string> Of(IServiceProvider services, OtlpReceiver receiver, params string[] sources)
    {
        TracerProvider tracing = services.GetRequiredService<TracerProvider>();
        string marker = TestNames.Unique("probe");
        foreach (string name in sources)
        {
            using var source = new ActivitySource(name);
            using Activity? span = source.StartActivity($"{marker} {name}");
        }

        Assert.True(tracing.Shutdown(10_000), "the tracer provider shut down");
        return receiver.Spans().Where(s => s.Name.StartsWith(marker + " ", StringComparison.Ordinal))
            .Select(s => s.Name[(marker.Length + 1)..]).ToHashSet(StringComparer.Ordinal);
    }
}
