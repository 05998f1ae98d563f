namespace Notify.Tests.Infrastructure;

/// <summary>
/// A redis-server of the test class's own (free port, temporary directory), for tests that kill or restart
/// the server and so must not share it: <c>IClassFixture&lt;RedisServerFixture&gt;</c>.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private ServerProcess? _server;

    /// <summary>The server; running once the fixture is initialized (tests may kill and restart it).</summary>
    public ServerProcess Server => _server ?? throw new InvalidOperationException("the fixture has not been initialized");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartRedisAsync();
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
