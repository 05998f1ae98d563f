using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Notify.Tests.Infrastructure;
using StackExchange.Redis;

namespace Notify.Tests.Redis;

/// <summary>The services' Redis client against a server that requires a password (<c>requirepass</c>) and has ACL users.</summary>
public sealed class AuthenticationTests(AuthenticationTests.PasswordProtectedRedis fixture)
    : IClassFixture<AuthenticationTests.PasswordProtectedRedis>
{
    private const string Password = "s3cret-pa$$";

    [Fact]
    public async Task Password_from_the_connection_string_authenticates_as_the_default_user()
    {
        using IHost host = await RedisClientHost.StartAsync(fixture.Server.ConnectionString);

        Assert.Equal(HealthStatus.Healthy, (await RedisClientHost.HealthAsync(host)).Status);
        Assert.Equal("default", await WhoAmIAsync(host));
        await host.StopAsync();
    }

    [Fact]
    public async Task ACL_user_and_password_authenticate_as_that_user()
    {
        string user = TestNames.Unique("notifier");
        await using (ConnectionMultiplexer admin = await SharedRedis.ConnectAsync(fixture.Server.ConnectionString))
        {
            await admin.GetDatabase().ExecuteAsync("ACL", "SETUSER", user, "on", ">user-pass", "~*", "+@all");
        }

        using IHost host = await RedisClientHost.StartAsync($"127.0.0.1:{fixture.Server.Port},user={user},password=user-pass");

        Assert.Equal(HealthStatus.Healthy, (await RedisClientHost.HealthAsync(host)).Status);
        Assert.Equal(user, await WhoAmIAsync(host));
        await host.StopAsync();
    }

    [Fact]
    public async Task Wrong_password_leaves_the_service_running_with_Redis_unhealthy_without_showing_the_password()
    {
        using IHost host = await RedisClientHost.StartAsync($"127.0.0.1:{fixture.Server.Port},password=bad-guess-42");

        HealthReportEntry entry = await RedisClientHost.HealthAsync(host);
        await host.StopAsync();

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("AuthenticationFailure", entry.Exception?.ToString());
        Assert.DoesNotContain("bad-guess-42", entry.Exception?.ToString());
    }

    [Fact]
    public async Task Missing_password_leaves_the_service_running_with_Redis_unhealthy()
    {
        using IHost host = await RedisClientHost.StartAsync($"127.0.0.1:{fixture.Server.Port}");

        HealthReportEntry entry = await RedisClientHost.HealthAsync(host);
        await host.StopAsync();

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
    }

    private static async Task<string?> WhoAmIAsync(IHost host) =>
        (string?)await host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase().ExecuteAsync("ACL", "WHOAMI");

    /// <summary>A redis-server that requires <see cref="Password"/>.</summary>
    public sealed class PasswordProtectedRedis : IAsyncLifetime
    {
        private ServerProcess? _server;

        public ServerProcess Server => _server ?? throw new InvalidOperationException("the fixture has not been initialized");

        public async Task InitializeAsync()
        {
            _server = await ServerProcess.StartRedisAsync(Password);
        }

        public async Task DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }
    }
}
