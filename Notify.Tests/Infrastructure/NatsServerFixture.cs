namespace Notify.Tests.Infrastructure;

/// <summary>
/// A nats-server of the test class's own (free port, temporary store), for tests that stop, kill or restart
/// the server and so must not share it: <c>IClassFixture&lt;NatsServerFixture&gt;</c>.
/// </summary>
public sealed class NatsServerFixture : IAsyncLifetime
{
    private ServerProcess? _server;

    /// <summary>The server; running once the fixture is initialized (tests may stop and restart it).</summary>
    public ServerProcess Server => _server ?? throw new InvalidOperationException("the fixture has not been initialized");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartNatsAsync();
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
