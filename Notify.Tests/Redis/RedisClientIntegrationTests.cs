using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Notify.AppHost.Hosting;
using Notify.Core.Redis;
using Notify.ServiceDefaults.Integrations;
using Notify.ServiceDefaults.Telemetry;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Redis;

public sealed class RedisClientIntegrationTests
{
    [Fact]
    public void Connection_string_wins_over_the_Aspire_section()
    {
        using IHost host = Build(new()
        {
            ["ConnectionStrings:redis"] = "winner:6001,password=p",
            ["Aspire:StackExchange:Redis:ConnectionString"] = "loser:6002",
        });

        RedisConnection redis = host.Services.GetRequiredService<RedisConnection>();

        Assert.Equal("winner", redis.Options.EndPoints[0].Host);
        Assert.Equal("p", redis.Options.Password);
        Assert.False(redis.Options.AbortOnConnectFail);
        Assert.False(redis.Options.DisableTracing);
        Assert.Equal("notify-dispatcher", redis.Options.ClientName);
    }

    [Fact]
    public void Aspire_section_gives_the_connection_string_and_the_switches()
    {
        using IHost host = Build(new()
        {
            ["Aspire:StackExchange:Redis:ConnectionString"] = "cache:6003",
            ["Aspire:StackExchange:Redis:DisableTracing"] = "true",
            ["Aspire:StackExchange:Redis:DisableHealthChecks"] = "true",
        });

        RedisConnection redis = host.Services.GetRequiredService<RedisConnection>();

        Assert.Equal("cache", redis.Options.EndPoints[0].Host);
        Assert.True(redis.Options.DisableTracing);
        Assert.Contains(host.Services.GetServices<TracingOptOut>(), o => o.ActivitySource == RedisTelemetry.SourceName);
        Assert.DoesNotContain(HealthChecks(host), r => r.Name == RedisClientExtensions.HealthCheckName);
    }

    [Fact]
    public void Missing_connection_string_is_reported_naming_both_places_it_may_come_from()
    {
        using IHost host = Build([]);

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<RedisConnection>());

        Assert.Contains("'ConnectionStrings:redis'", error.Message);
        Assert.Contains("'Aspire:StackExchange:Redis'", error.Message);
    }

    [Fact]
    public async Task Health_check_named_StackExchange_Redis_is_healthy_against_a_live_server()
    {
        InfrastructureHost infrastructure = await SharedInfrastructure.GetAsync();
        using IHost host = Build(new() { ["ConnectionStrings:redis"] = infrastructure.Redis.ConnectionString });

        HealthReport report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        HealthReportEntry entry = report.Entries[RedisClientExtensions.HealthCheckName];
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Contains("ready", entry.Tags);
        Assert.Single(report.Entries);
    }

    [Fact]
    public async Task Service_starts_while_Redis_is_down_and_reports_unhealthy()
    {
        using IHost host = Build(new() { ["ConnectionStrings:redis"] = $"127.0.0.1:{SharedRedis.ClosedPort()}" });

        await host.StartAsync();
        HealthReport report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        await host.StopAsync();

        HealthReportEntry entry = report.Entries[RedisClientExtensions.HealthCheckName];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.StartsWith("Redis is not connected: Could not connect to Redis at 127.0.0.1:", entry.Description);
        Assert.InRange(report.TotalDuration, TimeSpan.Zero, TimeSpan.FromSeconds(1)); // says so at once, not after the PING timeout
    }

    private static IHost Build(Dictionary<string, string?> configuration)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "notify dispatcher" });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddRedisClient("redis");
        return builder.Build();
    }

    private static IEnumerable<HealthCheckRegistration> HealthChecks(IHost host) =>
        host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
}
