using System.Globalization;
using Notify.AppHost.Hosting.Internal;

namespace Notify.AppHost.Hosting;

/// <summary>
/// <c>nats-server</c> with JetStream on 127.0.0.1, its store in <see cref="ProcessResource.StateDirectory"/>.
/// Ready when the monitoring endpoint's <c>/healthz</c> (which includes JetStream's health) answers 200.
/// </summary>
public sealed class NatsServer : ProcessResource
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(3) };

    private readonly NatsServerOptions _options;
    private string? _executable;

    /// <summary>Creates the resource; call <see cref="ProcessResource.StartAsync"/> to run it.</summary>
    public NatsServer(NatsServerOptions? options = null)
        : base(options ?? NatsServerOptions.Default)
    {
        _options = options ?? NatsServerOptions.Default;
        if (_options.User is null != _options.Password is null)
        {
            throw new ArgumentException("User and Password must be set together", nameof(options));
        }

        if (_options.TlsCertFile is null != _options.TlsKeyFile is null)
        {
            throw new ArgumentException("TlsCertFile and TlsKeyFile must be set together", nameof(options));
        }
    }

    /// <summary>The HTTP monitoring port.</summary>
    public int MonitorPort => Ports[1];

    /// <summary>The JetStream store directory given to <c>-sd</c> (streams live under its <c>jetstream/</c>).</summary>
    public string StoreDirectory => StateDirectory;

    /// <summary>The user clients authenticate as, or null.</summary>
    public string? User => _options.User;

    /// <summary>The password of <see cref="User"/>, or null.</summary>
    public string? Password => _options.Password;

    /// <summary><c>nats://127.0.0.1:port</c>, without credentials.</summary>
    public Uri ClientUrl => new($"nats://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The monitoring base address, e.g. <c>http://127.0.0.1:8222/</c>.</summary>
    public Uri MonitorUrl => new($"http://127.0.0.1:{MonitorPort.ToString(CultureInfo.InvariantCulture)}/");

    /// <summary><c>nats://user:password@127.0.0.1:port</c> (credentials URI-escaped) or <c>nats://127.0.0.1:port</c>.</summary>
    public override string ConnectionString => AspireConfiguration.NatsUri(Port, User, Password);

    /// <inheritdoc />
    public override IReadOnlyList<ResourceEndpoint> Endpoints =>
        [new ResourceEndpoint("tcp", ClientUrl), new ResourceEndpoint("monitor", MonitorUrl)];

    private protected override IReadOnlyList<int?> RequestedPorts => [_options.Port, _options.MonitorPort];

    /// <summary>Creates a server and starts it; disposes it when the start fails.</summary>
    public static Task<NatsServer> StartNewAsync(NatsServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        return StartNewAsync(new NatsServer(options), cancellationToken);
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> GetEnvironmentVariables()
    {
        return AspireConfiguration.ForNats(Name, Port, User, Password);
    }

    private protected override void LocateExecutables()
    {
        _executable = FindExecutable("nats-server", "nats-server");
    }

    private protected override LaunchCommand BuildCommand()
    {
        List<string> arguments =
        [
            "-a", "127.0.0.1",
            "-p", Port.ToString(CultureInfo.InvariantCulture),
            "-js",
            "-sd", StoreDirectory,
            "-m", MonitorPort.ToString(CultureInfo.InvariantCulture),
            "-n", _options.ServerName ?? $"notify-{Name}",
        ];
        if (User is not null && Password is not null)
        {
            arguments.AddRange(["--user", User, "--pass", Password]);
        }

        if (_options.Token is not null)
        {
            arguments.AddRange(["--auth", _options.Token]);
        }

        if (_options.TlsCertFile is not null && _options.TlsKeyFile is not null)
        {
            arguments.AddRange(["--tls", "--tlscert", _options.TlsCertFile, "--tlskey", _options.TlsKeyFile]);
        }

        return new LaunchCommand(_executable!, arguments) { WorkingDirectory = StateDirectory };
    }

    private protected override async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await Http
            .GetAsync(new Uri(MonitorUrl, "healthz"), cancellationToken)
            .ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }
}
