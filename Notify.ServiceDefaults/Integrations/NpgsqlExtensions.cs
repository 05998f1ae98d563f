using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Notify.ServiceDefaults.Health;
using Notify.ServiceDefaults.Telemetry;

namespace Notify.ServiceDefaults.Integrations;

/// <summary>The PostgreSQL integration, shaped like Aspire's <c>AddNpgsqlDataSource</c>.</summary>
public static class NpgsqlExtensions
{
    /// <summary>The health check's name, as Aspire's integration registers it.</summary>
    public const string HealthCheckName = "PostgreSql";

    private const string ActivitySource = "Npgsql";

    /// <summary>
    /// Registers a singleton <see cref="NpgsqlDataSource"/> logging through the host and, unless disabled, the
    /// <c>PostgreSql</c> health check (<c>SELECT 1</c>, tagged <see cref="HealthTags.Ready"/>).
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="connectionName">The name in <c>ConnectionStrings</c>, e.g. <c>notifydb</c>.</param>
    /// <param name="configureSettings">Changes the settings after they are read from configuration.</param>
    /// <param name="configureDataSourceBuilder">Changes the data source before it is built (type mappings, …).</param>
    public static IHostApplicationBuilder AddNpgsqlDataSource(this IHostApplicationBuilder builder, string connectionName,
        Action<NpgsqlSettings>? configureSettings = null, Action<NpgsqlDataSourceBuilder>? configureDataSourceBuilder = null)
    {
        NpgsqlSettings settings = ConnectionSettings.Read(builder.Configuration, NpgsqlSettings.SectionName,
            connectionName, new NpgsqlSettings(), static (s, cs) => s.ConnectionString = cs, configureSettings);

        builder.Services.AddSingleton(sp =>
        {
            var dataSource = new NpgsqlDataSourceBuilder(
                ConnectionSettings.Require(settings.ConnectionString, connectionName, NpgsqlSettings.SectionName));
            dataSource.UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>());
            configureDataSourceBuilder?.Invoke(dataSource);
            return dataSource.Build();
        });

        if (!settings.DisableHealthChecks)
        {
            builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(HealthCheckName,
                sp => new NpgsqlHealthCheck(sp.GetRequiredService<NpgsqlDataSource>()), failureStatus: null, tags: [HealthTags.Ready]));
        }

        if (settings.DisableTracing)
        {
            builder.Services.AddSingleton(new TracingOptOut(ActivitySource));
        }

        return builder;
    }
}
