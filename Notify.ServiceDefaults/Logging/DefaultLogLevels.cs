using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Hosting;

namespace Notify.ServiceDefaults.Logging;

/// <summary>
/// Log levels a production service starts from: the framework's per-request lines (ASP.NET Core's request log,
/// HttpClient's four lines per call) at Warning, everything else at Information. They are the lowest-precedence
/// configuration source, so <c>Logging:LogLevel:*</c> from any other source (environment, command line, files) wins.
/// Measured: with the framework's per-request lines at Information, Ingest spent about 4× the CPU per request.
/// </summary>
public static class DefaultLogLevels
{
    /// <summary>The defaults, as configuration keys.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Values = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
        ["Logging:LogLevel:Microsoft.Extensions.Http"] = "Warning",
        ["Logging:LogLevel:Polly"] = "Warning",
    };

    /// <summary>Puts <see cref="Values"/> under every other configuration source of <paramref name="builder"/>.</summary>
    public static void Add(IHostApplicationBuilder builder) =>
        ((IConfigurationBuilder)builder.Configuration).Sources.Insert(0, new MemoryConfigurationSource { InitialData = Values });
}
