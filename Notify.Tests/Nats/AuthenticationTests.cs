using Notify.Nats;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Nats;

public sealed class AuthenticationTests(PasswordNatsServerFixture fixture) : IClassFixture<PasswordNatsServerFixture>
{
    [Fact]
    public async Task Uri_escaped_credentials_in_the_url_are_unescaped_and_accepted()
    {
        string url = fixture.Server.ConnectionString!;
        Assert.Contains("p%40ss%3Aw%2Frd", url);
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = url });

        await connection.ConnectAsync();

        Assert.Equal(NatsConnectionState.Open, connection.ConnectionState);
        Assert.True(connection.ServerInfo!.AuthRequired);
        await AssertRoundTripAsync(connection);
    }

    [Fact]
    public async Task Credentials_from_AuthOpts_are_used_when_the_url_has_none()
    {
        var opts = NatsOpts.Default with
        {
            Url = fixture.Server.ClientUrl.ToString(),
            AuthOpts = new NatsAuthOpts { Username = PasswordNatsServerFixture.User, Password = PasswordNatsServerFixture.Password },
        };
        await using var connection = new NatsConnection(opts);

        await connection.ConnectAsync();

        await AssertRoundTripAsync(connection);
    }

    [Fact]
    public async Task Wrong_password_is_reported_as_NatsAuthException()
    {
        string url = $"nats://{PasswordNatsServerFixture.User}:{Uri.EscapeDataString("not the password")}@127.0.0.1:{fixture.Server.Port}";
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = url });

        var error = await Assert.ThrowsAsync<NatsAuthException>(async () => await connection.ConnectAsync());

        Assert.Contains("Authorization Violation", error.Message);
        Assert.Equal(NatsConnectionState.Closed, connection.ConnectionState);
    }

    [Fact]
    public async Task Missing_credentials_are_reported_as_NatsAuthException_on_first_use()
    {
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = fixture.Server.ClientUrl.ToString() });

        await Assert.ThrowsAsync<NatsAuthException>(async () => await connection.PublishAsync(TestNames.Unique("anon"), "x".Utf8()));

        Assert.Equal(NatsConnectionState.Closed, connection.ConnectionState);
    }

    private static async Task AssertRoundTripAsync(NatsConnection connection)
    {
        string subject = TestNames.Unique("auth");
        await using NatsSubscription sub = await connection.SubscribeCoreAsync(subject);
        await connection.PublishAsync(subject, "in".Utf8());
        Assert.Equal("in", (await sub.NextAsync()).Text());
    }
}
