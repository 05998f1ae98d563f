using Notify.AppHost.Hosting;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Hosting;

public sealed class RedisServerTests
{
    [Fact]
    public async Task Shared_redis_answers_PING_on_a_free_port_with_an_Aspire_connection_string()
    {
        RedisServer redis = (await SharedInfrastructure.GetAsync()).Redis;

        Assert.NotEqual(6379, redis.Port);
        Assert.Equal("+PONG", await redis.PingAsync());
        Assert.Equal($"127.0.0.1:{redis.Port}", redis.ConnectionString);
        Assert.Equal(redis.ConnectionString, redis.GetEnvironmentVariables()["ConnectionStrings__redis"]);
    }

    [Fact]
    public async Task Redis_with_a_password_requires_it_and_puts_it_in_the_connection_string()
    {
        await using RedisServer redis = await RedisServer.StartNewAsync(new RedisServerOptions { Password = "s3cret" });

        Assert.Equal("+PONG", await redis.PingAsync());
        Assert.Equal($"127.0.0.1:{redis.Port},password=s3cret", redis.ConnectionString);
        IReadOnlyDictionary<string, string> environment = redis.GetEnvironmentVariables();
        Assert.Equal(redis.ConnectionString, environment["ConnectionStrings__redis"]);
        Assert.Equal("s3cret", environment["REDIS_PASSWORD"]);
        Assert.Equal($"redis://:s3cret@127.0.0.1:{redis.Port}", environment["REDIS_URI"]);

        Assert.StartsWith("-NOAUTH", await PingWithoutPasswordAsync(redis.Port));
    }

    [Fact]
    public async Task Disposed_redis_leaves_no_process_and_no_temporary_state()
    {
        RedisServer redis = await RedisServer.StartNewAsync();
        int pid = redis.ProcessId!.Value;
        string state = redis.StateDirectory;

        await redis.DisposeAsync();

        Assert.False(ProcessTable.IsAlive(pid));
        Assert.False(Directory.Exists(state));
    }

    private static async Task<string> PingWithoutPasswordAsync(int port)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
        await using var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray());
        using var reader = new StreamReader(stream);
        return await reader.ReadLineAsync() ?? "";
    }
}
