using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Notify.Core.Redis;
using Notify.ServiceDefaults.Health;
using Notify.ServiceDefaults.Telemetry;

namespace Notify.ServiceDefaults.Integrations;

/// <summary>The Redis client integration, shaped like Aspire's <c>AddRedisClient</c>, registering Notify's <see cref="RedisConnection"/>.</summary>
public static class RedisClientExtensions
{
    /// <summary>The health check's name, as Aspire's integration registers it.</summary>
    public const string HealthCheckName = "StackExchange.Redis";

    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Registers a singleton <see cref="RedisConnection"/> (logging through the host, connecting in the background
    /// when the host starts and retrying until the server is up, as <c>abortConnect=false</c> does) and unless
    /// disabled the <c>StackExchange.Redis</c> health check (a PING, tagged <see cref="HealthTags.Ready"/>).
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="connectionName">The name in <c>ConnectionStrings</c>, e.g. <c>redis</c>.</param>
    /// <param name="configureSettings">Changes the settings after they are read from configuration.</param>
    /// <param name="configureOptions">Changes the connection options parsed from the connection string.</param>
    public static IHostApplicationBuilder AddRedisClient(this IHostApplicationBuilder builder, string connectionName,
        Action<RedisClientSettings>? configureSettings = null, Func<RedisOptions, RedisOptions>? configureOptions = null)
    {
        RedisClientSettings settings = ConnectionSettings.Read(builder.Configuration, RedisClientSettings.SectionName,
            connectionName, new RedisClientSettings(), static (s, cs) => s.ConnectionString = cs, configureSettings);

        builder.Services.AddSingleton(sp =>
        {
            string connectionString = ConnectionSettings.Require(settings.ConnectionString, connectionName, RedisClientSettings.SectionName);
            RedisOptions options = RedisOptions.Parse(connectionString) with
            {
                ClientName = ClientName(builder.Environment.ApplicationName),
                AbortOnConnectFail = false,
                DisableTracing = settings.DisableTracing,
                LoggerFactory = sp.GetRequiredService<ILoggerFactory>(),
            };
            return new RedisConnection(configureOptions?.Invoke(options) ?? options);
        });
        builder.Services.AddHostedService<RedisConnectionStarter>();

        if (!settings.DisableHealthChecks)
        {
            builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(HealthCheckName,
                sp => new RedisHealthCheck(sp.GetRequiredService<RedisConnection>(), PingTimeout), failureStatus: null, tags: [HealthTags.Ready]));
        }

        if (settings.DisableTracing)
        {
            builder.Services.AddSingleton(new TracingOptOut(RedisTelemetry.SourceName));
        }

        return builder;
    }

    /// <summary>The application name as <c>CLIENT SETNAME</c> accepts it (no spaces), so <c>CLIENT LIST</c> shows who is who.</summary>
    private static string? ClientName(string applicationName)
    {
        string name = string.Join('-', applicationName.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return name.Length == 0 ? null : name;
    }
}
