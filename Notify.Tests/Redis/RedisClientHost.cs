using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Notify.ServiceDefaults.Integrations;

namespace Notify.Tests.Redis;

/// <summary>A host with the Redis client wired as Ingest and the Dispatcher wire it: Aspire's <c>AddRedisClient</c> with <see cref="RedisClientDefaults"/>.</summary>
internal static class RedisClientHost
{
    /// <summary>The health check's name, as Aspire.StackExchange.Redis registers it.</summary>
    public const string HealthCheckName = "StackExchange.Redis";

    /// <summary>Builds (does not start) a host reading <paramref name="configuration"/>.</summary>
    public static IHost Build(Dictionary<string, string?> configuration)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "notify-dispatcher" });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddRedisClient("redis", RedisClientDefaults.Settings, RedisClientDefaults.Options(builder));
        return builder.Build();
    }

    /// <summary>A started host whose Redis is <paramref name="connectionString"/>.</summary>
    public static async Task<IHost> StartAsync(string connectionString)
    {
        IHost host = Build(new() { ["ConnectionStrings:redis"] = connectionString });
        await host.StartAsync();
        return host;
    }

    /// <summary>The Redis entry of a health report run now.</summary>
    public static async Task<HealthReportEntry> HealthAsync(IHost host)
    {
        HealthReport report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return report.Entries[HealthCheckName];
    }
}
