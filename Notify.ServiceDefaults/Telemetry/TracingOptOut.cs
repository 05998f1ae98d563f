using Microsoft.Extensions.DependencyInjection;

namespace Notify.ServiceDefaults.Telemetry;

/// <summary>
/// Registered by a client integration whose settings say <c>DisableTracing</c>: the named built-in activity source
/// is then left out of tracing. (The clients' sources are static, so not listening is the only way to silence them.)
/// </summary>
internal sealed record TracingOptOut(string ActivitySource)
{
    /// <summary><paramref name="sources"/> less those an integration registered in <paramref name="services"/> opted out of.</summary>
    public static IEnumerable<string> Traced(IEnumerable<string> sources, IServiceProvider services)
    {
        var skipped = services.GetServices<TracingOptOut>().Select(o => o.ActivitySource).ToHashSet(StringComparer.Ordinal);
        return sources.Where(source => !skipped.Contains(source));
    }
}
