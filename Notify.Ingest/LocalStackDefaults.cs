using Microsoft.Extensions.Configuration.Memory;

namespace Notify.Ingest;

/// <summary>
/// Connection strings of the local stack (<c>./dev.sh up</c>: the usual ports on 127.0.0.1), as the lowest-precedence
/// configuration source, so Ingest runs without settings while anything configured (the AppHost's
/// <c>ConnectionStrings__*</c>, a test's settings) wins.
/// </summary>
internal static class LocalStackDefaults
{
    private static readonly Dictionary<string, string?> Defaults = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ConnectionStrings:nats"] = "nats://127.0.0.1:4222",
        ["ConnectionStrings:redis"] = "127.0.0.1:6379",
        ["ConnectionStrings:notifydb"] = "Host=127.0.0.1;Port=5432;Username=postgres;Database=notifydb",
    };

    public static void AddLocalStackDefaults(this ConfigurationManager configuration) =>
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
}
