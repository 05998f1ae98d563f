using System.Globalization;
using Notify.AppHost.Hosting.Internal;

namespace Notify.AppHost.Hosting;

/// <summary>
/// <c>redis-server</c> on 127.0.0.1 without persistence (<c>--save ""</c>, no AOF). Ready when it answers
/// <c>PING</c> with <c>+PONG</c> (after <c>AUTH</c> when it has a password).
/// </summary>
public sealed class RedisServer : ProcessResource
{
    private readonly RedisServerOptions _options;
    private string? _executable;

    /// <summary>Creates the resource; call <see cref="ProcessResource.StartAsync"/> to run it.</summary>
    public RedisServer(RedisServerOptions? options = null)
        : base(options ?? RedisServerOptions.Default)
    {
        _options = options ?? RedisServerOptions.Default;
    }

    /// <summary>The password clients send, or null.</summary>
    public string? Password => _options.Password;

    /// <summary><c>127.0.0.1:port</c> or <c>127.0.0.1:port,password=…</c> (StackExchange.Redis format).</summary>
    public override string ConnectionString => AspireConfiguration.RedisConnectionString(Port, Password);

    /// <inheritdoc />
    public override IReadOnlyList<ResourceEndpoint> Endpoints =>
        [new ResourceEndpoint("tcp", new Uri($"redis://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}"))];

    private protected override IReadOnlyList<int?> RequestedPorts => [_options.Port];

    /// <summary>Creates a server and starts it; disposes it when the start fails.</summary>
    public static Task<RedisServer> StartNewAsync(RedisServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        return StartNewAsync(new RedisServer(options), cancellationToken);
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> GetEnvironmentVariables()
    {
        return AspireConfiguration.ForRedis(Name, Port, Password);
    }

    /// <summary>Sends <c>PING</c> (after <c>AUTH</c> when needed) and returns the reply line, e.g. <c>+PONG</c>.</summary>
    public async Task<string> PingAsync(CancellationToken cancellationToken = default)
    {
        await using LineProtocolProbe connection = await LineProtocolProbe.ConnectAsync(Port, cancellationToken).ConfigureAwait(false);
        if (Password is not null)
        {
            string auth = await connection.SendRespAsync(["AUTH", Password], cancellationToken).ConfigureAwait(false);
            if (auth != "+OK")
            {
                return auth;
            }
        }

        return await connection.SendRespAsync(["PING"], cancellationToken).ConfigureAwait(false);
    }

    private protected override void LocateExecutables()
    {
        _executable = FindExecutable("redis-server", "redis-server");
    }

    private protected override LaunchCommand BuildCommand()
    {
        List<string> arguments =
        [
            "--port", Port.ToString(CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--dir", StateDirectory,
        ];
        if (Password is not null)
        {
            arguments.AddRange(["--requirepass", Password]);
        }

        return new LaunchCommand(_executable!, arguments) { WorkingDirectory = StateDirectory };
    }

    private protected override async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        string reply = await PingAsync(cancellationToken).ConfigureAwait(false);
        return reply == "+PONG"
            ? true
            : throw new InvalidOperationException($"PING answered {reply}");
    }
}
