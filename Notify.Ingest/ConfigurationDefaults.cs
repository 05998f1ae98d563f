using Microsoft.Extensions.Configuration.Memory;

namespace Notify.Ingest;

/// <summary>
/// What an appsettings.json would hold, as the lowest-precedence configuration source (Ingest ships none: the test
/// project hosts several services, whose appsettings would collide): the connection strings of the local stack
/// (<c>./dev.sh up</c>: the usual ports on 127.0.0.1) and the template's log levels, which keep ASP.NET Core's
/// per-request information logs off the accept path. Anything configured (the AppHost's <c>ConnectionStrings__*</c>,
/// <c>Logging__LogLevel__*</c>, a test's settings) wins.
/// </summary>
internal static class ConfigurationDefaults
{
    private static readonly Dictionary<string, string?> Defaults = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ConnectionStrings:nats"] = "nats://127.0.0.1:4222",
        ["ConnectionStrings:redis"] = "127.0.0.1:6379",
        ["ConnectionStrings:notifydb"] = "Host=127.0.0.1;Port=5432;Username=postgres;Database=notifydb",
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
    };

    public static void AddConfigurationDefaults(this ConfigurationManager configuration) =>
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
}
