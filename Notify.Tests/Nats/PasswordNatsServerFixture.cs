using Notify.AppHost.Hosting;

namespace Notify.Tests.Nats;

/// <summary>A nats-server of the test class's own that requires a user and a password with URL-unsafe characters.</summary>
public sealed class PasswordNatsServerFixture : IAsyncLifetime
{
    public const string User = "notify";
    public const string Password = "p@ss:w/rd %?#";

    private NatsServer? _server;

    /// <summary>The server; its connection string carries the credentials URI-escaped, as Aspire gives them.</summary>
    public NatsServer Server => _server ?? throw new InvalidOperationException("the fixture has not been initialized");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _server = await NatsServer.StartNewAsync(new NatsServerOptions { User = User, Password = Password });
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
