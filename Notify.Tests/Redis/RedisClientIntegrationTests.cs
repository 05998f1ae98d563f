using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Notify.ServiceDefaults.Configuration;
using Notify.ServiceDefaults.Integrations;
using Notify.Tests.Infrastructure;
using StackExchange.Redis;

namespace Notify.Tests.Redis;

/// <summary>The Redis client as the services wire it: Aspire.StackExchange.Redis plus <see cref="RedisClientDefaults"/>.</summary>
public sealed class RedisClientIntegrationTests
{
    [Fact]
    public void Connection_string_wins_over_the_Aspire_section()
    {
        using IHost host = RedisClientHost.Build(new()
        {
            ["ConnectionStrings:redis"] = "winner:6001,password=p",
            ["Aspire:StackExchange:Redis:ConnectionString"] = "loser:6002",
        });

        ConfigurationOptions options = host.Services.GetRequiredService<IOptions<ConfigurationOptions>>().Value;

        var endpoint = Assert.IsType<DnsEndPoint>(Assert.Single(options.EndPoints));
        Assert.Equal(("winner", 6001), (endpoint.Host, endpoint.Port));
        Assert.Equal("p", options.Password);
        Assert.False(options.AbortOnConnectFail);
        Assert.Same(BacklogPolicy.FailFast, options.BacklogPolicy);
        Assert.Equal(1, options.ConnectRetry);
    }

    [Fact]
    public void Aspire_section_gives_the_connection_string_and_the_switches()
    {
        using IHost host = RedisClientHost.Build(new()
        {
            ["Aspire:StackExchange:Redis:ConnectionString"] = "cache:6003",
            ["Aspire:StackExchange:Redis:DisableHealthChecks"] = "true",
        });

        ConfigurationOptions options = host.Services.GetRequiredService<IOptions<ConfigurationOptions>>().Value;

        var endpoint = Assert.IsType<DnsEndPoint>(Assert.Single(options.EndPoints));
        Assert.Equal(("cache", 6003), (endpoint.Host, endpoint.Port));
        Assert.DoesNotContain(host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations,
            r => r.Name == RedisClientHost.HealthCheckName);
    }

    [Fact]
    public void Missing_connection_string_is_reported_naming_both_places_it_may_come_from()
    {
        using IHost host = RedisClientHost.Build([]);

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<IConnectionMultiplexer>());

        Assert.Contains("'ConnectionStrings:redis'", error.Message);
        Assert.Contains("'Aspire:StackExchange:Redis:ConnectionString'", error.Message);
    }

    [Fact]
    public void A_CA_file_that_cannot_be_read_is_one_start_up_line_naming_the_setting()
    {
        string missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "ca.pem");
        using IHost host = RedisClientHost.Build(new()
        {
            ["ConnectionStrings:redis"] = $"127.0.0.1:{SharedRedis.ClosedPort()},ssl=true",
            [RedisClientDefaults.CaFileKey] = missing,
        });
        var error = new StringWriter();

        Assert.False(StartupConfiguration.IsValid(host, error));

        string line = Assert.Single(error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"{RedisClientDefaults.CaFileKey} is '{missing}', which is not a readable certificate file", line);
    }

    [Fact]
    public async Task Health_check_named_StackExchange_Redis_is_healthy_against_a_live_server()
    {
        using IHost host = await RedisClientHost.StartAsync(await SharedRedis.ConnectionStringAsync());

        HealthReport report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        await host.StopAsync();

        Assert.Equal(HealthStatus.Healthy, report.Entries[RedisClientHost.HealthCheckName].Status);
        Assert.Single(report.Entries);
    }

    [Fact]
    public async Task Connection_is_opened_while_the_host_starts_not_on_first_use()
    {
        string name = TestNames.Unique("eager");
        using IHost host = RedisClientHost.Build(new()
        {
            ["ConnectionStrings:redis"] = await SharedRedis.ConnectionStringAsync(),
            ["Aspire:StackExchange:Redis:ConfigurationOptions:ClientName"] = name,
        });

        await host.StartAsync();

        await using ConnectionMultiplexer observer = await SharedRedis.ConnectAsync(await SharedRedis.ConnectionStringAsync() + ",allowAdmin=true");
        ClientInfo[] clients = await observer.GetServers().Single().ClientListAsync();
        await host.StopAsync();
        Assert.Contains(clients, c => c.Name == name);
    }

    [Fact]
    public async Task Service_starts_within_one_connect_timeout_while_Redis_is_down_then_reports_it_unhealthy_at_once()
    {
        int port = SharedRedis.ClosedPort();
        var started = Stopwatch.StartNew();
        using IHost host = await RedisClientHost.StartAsync($"127.0.0.1:{port},connectTimeout=1000");
        TimeSpan startup = started.Elapsed;

        HealthReportEntry entry = await RedisClientHost.HealthAsync(host);
        IConnectionMultiplexer redis = host.Services.GetRequiredService<IConnectionMultiplexer>();
        var commanded = Stopwatch.StartNew();
        await Assert.ThrowsAsync<RedisConnectionException>(() => redis.GetDatabase().StringGetAsync("any"));
        TimeSpan commandFailure = commanded.Elapsed;
        await host.StopAsync();

        // StackExchange.Redis's first connect waits up to the connect timeout, three times over by default; then, without
        // FailFast, every command (the check's PING too) would wait the command timeout (5 s) for a connection.
        Assert.InRange(startup, TimeSpan.Zero, TimeSpan.FromSeconds(1.9));
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.InRange(entry.Duration, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.Contains($"127.0.0.1:{port}", entry.Exception?.ToString());
        Assert.InRange(commandFailure, TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }
}
