using System.Globalization;
using System.Net;
using Notify.AppHost.Hosting.Internal;

namespace Notify.AppHost.Hosting;

/// <summary>
/// Debian's <c>prometheus</c> on 127.0.0.1, scraping the <c>/metrics</c> endpoint of each target (every service
/// replica) with a configuration written into its state directory at each start. Ready when <c>/-/ready</c> answers 200.
/// Optional in the local stack: <see cref="IsInstalled"/> tells whether it can run.
/// </summary>
public sealed class PrometheusServer : ProcessResource
{
    private const string Program = "prometheus";

    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero })
    {
        Timeout = TimeSpan.FromSeconds(3),
    };

    private readonly PrometheusServerOptions _options;
    private readonly Func<IEnumerable<PrometheusTarget>> _targets;
    private string? _executable;

    /// <summary>Creates the resource over <paramref name="targets"/>, read at each start (once their ports are known).</summary>
    public PrometheusServer(PrometheusServerOptions? options, Func<IEnumerable<PrometheusTarget>> targets)
        : base(options ?? PrometheusServerOptions.Default)
    {
        _options = options ?? PrometheusServerOptions.Default;
        _targets = targets ?? throw new ArgumentNullException(nameof(targets));
    }

    /// <summary>The web UI and API, e.g. <c>http://127.0.0.1:9090/</c> (known once started).</summary>
    public Uri Url => new(AspireConfiguration.HttpUrl(Port));

    /// <summary>The configuration file of the last start.</summary>
    public string ConfigurationFile => Path.Combine(StateDirectory, "prometheus.yml");

    /// <inheritdoc />
    public override IReadOnlyList<ResourceEndpoint> Endpoints => [new ResourceEndpoint("http", Url)];

    private protected override IReadOnlyList<int?> RequestedPorts => [_options.Port];

    /// <summary>Whether <c>prometheus</c> is on <paramref name="searchPath"/> (or <c>PATH</c>).</summary>
    public static bool IsInstalled(IReadOnlyList<string>? searchPath = null) =>
        ExecutableLocator.TryFind(Program, searchPath ?? ExecutableLocator.SystemPath) is not null;

    /// <summary>Nothing: services do not reference Prometheus.</summary>
    public override IReadOnlyDictionary<string, string> GetEnvironmentVariables() => new Dictionary<string, string>();

    private protected override void LocateExecutables()
    {
        _executable = FindExecutable(Program, Program);
    }

    private protected override LaunchCommand BuildCommand()
    {
        File.WriteAllText(ConfigurationFile, PrometheusConfiguration.Render(_targets(), _options.ScrapeInterval));
        return new LaunchCommand(_executable!,
        [
            $"--config.file={ConfigurationFile}",
            $"--storage.tsdb.path={Path.Combine(StateDirectory, "data")}",
            $"--web.listen-address={AspireConfiguration.Host}:{Port.ToString(CultureInfo.InvariantCulture)}",
        ])
        {
            WorkingDirectory = StateDirectory,
        };
    }

    private protected override async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await Http.GetAsync(new Uri(Url, "/-/ready"), cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.OK;
    }
}
