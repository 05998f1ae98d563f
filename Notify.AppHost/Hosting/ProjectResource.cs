using System.Net;
using Notify.AppHost.Hosting.Internal;

namespace Notify.AppHost.Hosting;

/// <summary>
/// A .NET service run from its build output as <c>dotnet Notify.X.dll</c> (the role of Aspire's
/// <c>AddProject</c>): configured through environment variables exactly as an Aspire AppHost would configure it
/// (<see cref="GetServiceEnvironment"/>), listening on 127.0.0.1, ready once its readiness path answers 200.
/// </summary>
/// <example>
/// <code>
/// await using var ingest = new ProjectResource(new ProjectResourceOptions { Name = "ingest", ProjectPath = "Notify.Ingest/Notify.Ingest.csproj" })
///     .WithReference(infrastructure.Nats)
///     .WithReference(sandbox);
/// await ingest.StartAsync(ct);   // ingest.Url: http://127.0.0.1:41234
/// </code>
/// </example>
public sealed partial class ProjectResource : ProcessResource
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero })
    {
        Timeout = TimeSpan.FromSeconds(3),
    };

    private readonly ProjectResourceOptions _options;
    private string? _dotnet;

    /// <summary>Creates the resource; add references, then call <see cref="ProcessResource.StartAsync"/> to run it.</summary>
    /// <exception cref="InvalidOperationException">A relative project path, and no repository root to resolve it from.</exception>
    public ProjectResource(ProjectResourceOptions options)
        : this(options, ProjectBuildOutput.ProjectFile(options.ProjectPath), options.Configuration ?? ProjectBuildOutput.Configuration)
    {
    }

    private ProjectResource(ProjectResourceOptions options, string projectFile, string configuration)
        : base(options with
        {
            StateDirectory = options.StateDirectory ?? Path.GetDirectoryName(ProjectBuildOutput.AssemblyPath(projectFile, configuration)),
        })
    {
        _options = options;
        ProjectFile = projectFile;
        Configuration = configuration;
        AssemblyPath = ProjectBuildOutput.AssemblyPath(projectFile, configuration);
        _restarts = options.RestartOnCrash ? RestartAfterCrashesAsync(_disposing.Token) : Task.CompletedTask;
    }

    /// <summary>The project file.</summary>
    public string ProjectFile { get; }

    /// <summary>The build configuration whose output runs.</summary>
    public string Configuration { get; }

    /// <summary>The assembly <c>dotnet</c> runs.</summary>
    public string AssemblyPath { get; }

    /// <summary><c>OTEL_SERVICE_NAME</c>: the service this resource is (one of the replicas of).</summary>
    public string ServiceName => _options.ServiceName ?? Name;

    /// <summary>The <c>http</c> endpoint, e.g. <c>http://127.0.0.1:5080/</c> (known once started).</summary>
    public Uri Url => new(AspireConfiguration.HttpUrl(Port));

    /// <inheritdoc />
    public override IReadOnlyList<ResourceEndpoint> Endpoints => [new ResourceEndpoint("http", Url)];

    private protected override IReadOnlyList<int?> RequestedPorts => [_options.Port];

    /// <summary>
    /// Creates <paramref name="count"/> replicas of one service (<c>dispatcher-0</c>, <c>dispatcher-1</c>, …),
    /// each with its own port and instance id; see <see cref="ProjectResourceOptions.Replicas"/>.
    /// </summary>
    public static IReadOnlyList<ProjectResource> CreateReplicas(ProjectResourceOptions options, int count)
    {
        return options.Replicas(count).Select(replica => new ProjectResource(replica)).ToArray();
    }

    /// <summary>What a service referencing this one gets: <c>services__name__http__0</c> and <c>NAME_HTTP</c>.</summary>
    public override IReadOnlyDictionary<string, string> GetEnvironmentVariables()
    {
        return AspireConfiguration.ForProject(Name, Port);
    }

    /// <summary>Throws <see cref="ProjectNotBuiltException"/> when the assembly is missing, so a composite can refuse to start at all.</summary>
    internal void EnsureBuilt()
    {
        if (!File.Exists(AssemblyPath))
        {
            throw new ProjectNotBuiltException(Name, AssemblyPath, ProjectFile, Configuration);
        }
    }

    private protected override void LocateExecutables()
    {
        _dotnet = DotnetHost.Executable;
        EnsureBuilt();
    }

    private protected override LaunchCommand BuildCommand()
    {
        return new LaunchCommand(_dotnet!, [AssemblyPath])
        {
            WorkingDirectory = StateDirectory,
            Environment = GetServiceEnvironment(),
        };
    }

    private protected override async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await Http
            .GetAsync(new Uri(Url, _options.ReadinessPath), cancellationToken)
            .ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return true;
        }

        string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string detail = body.Length == 0 ? "" : $": {(body.Length > 200 ? body[..200] + "…" : body)}";
        throw new InvalidOperationException($"GET {_options.ReadinessPath} answered {(int)response.StatusCode} {response.StatusCode}{detail}");
    }
}
