using Notify.AppHost.Hosting;
using Notify.Core.Redis;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Redis;

public sealed class AuthenticationTests(AuthenticationTests.PasswordProtectedRedis fixture)
    : IClassFixture<AuthenticationTests.PasswordProtectedRedis>
{
    private const string Password = "s3cret-pa$$";

    [Fact]
    public async Task Password_from_the_connection_string_is_sent_on_connect()
    {
        await using var redis = new RedisConnection(fixture.Server.ConnectionString);

        await redis.ConnectAsync();

        Assert.Equal("default", (await redis.ExecuteAsync("ACL", "WHOAMI")).AsString());
    }

    [Fact]
    public async Task Wrong_password_is_reported_as_refused_credentials()
    {
        await using var redis = new RedisConnection($"127.0.0.1:{fixture.Server.Port},password=bad-guess-42");

        RedisAuthenticationException error = await Assert.ThrowsAsync<RedisAuthenticationException>(() => redis.ConnectAsync());

        Assert.Contains("refused the credentials", error.Message);
        Assert.Contains("WRONGPASS", error.Message);
        Assert.DoesNotContain("bad-guess-42", error.Message);
    }

    [Fact]
    public async Task Missing_password_is_reported_as_such()
    {
        await using var redis = new RedisConnection($"127.0.0.1:{fixture.Server.Port}");

        RedisAuthenticationException error = await Assert.ThrowsAsync<RedisAuthenticationException>(() => redis.ConnectAsync());

        Assert.Contains("requires a password", error.Message);
    }

    [Fact]
    public async Task Commands_on_a_connection_with_wrong_credentials_fail_with_the_refusal()
    {
        await using var redis = new RedisConnection(
            RedisOptions.Parse($"127.0.0.1:{fixture.Server.Port},password=wrong,abortConnect=false") with { CommandTimeout = TimeSpan.FromMilliseconds(300) });

        await redis.ConnectAsync(); // abortConnect=false: keeps trying in the background

        RedisAuthenticationException error = await Assert.ThrowsAsync<RedisAuthenticationException>(() => redis.StringGetAsync("k"));
        Assert.Contains("GET was not sent", error.Message);
        Assert.Contains("WRONGPASS", error.Message);
        Assert.False(redis.IsConnected);
        Assert.IsType<RedisAuthenticationException>(redis.ConnectionError);
    }

    [Fact]
    public async Task ACL_user_and_password_authenticate_as_that_user()
    {
        string user = TestNames.Unique("notifier");
        await using (var admin = new RedisConnection(fixture.Server.ConnectionString))
        {
            await admin.ExecuteAsync("ACL", "SETUSER", user, "on", ">user-pass", "~*", "+@all");
        }

        await using var redis = new RedisConnection($"127.0.0.1:{fixture.Server.Port},user={user},password=user-pass");

        Assert.Equal(user, (await redis.ExecuteAsync("ACL", "WHOAMI")).AsString());
    }

    /// <summary>A redis-server that requires <see cref="Password"/>.</summary>
    public sealed class PasswordProtectedRedis : IAsyncLifetime
    {
        private RedisServer? _server;

        public RedisServer Server => _server ?? throw new InvalidOperationException("the fixture has not been initialized");

        public async Task InitializeAsync()
        {
            _server = await RedisServer.StartNewAsync(new RedisServerOptions { Password = Password });
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
