namespace Notify.AppHost.Hosting;

/// <summary>How to run a .NET service from its build output (the role of Aspire's <c>AddProject</c>).</summary>
/// <remarks>
/// <see cref="ProcessResourceOptions.StateDirectory"/> is the service's working directory; null uses the build
/// output directory, where <c>appsettings.json</c> is, as <c>dotnet Notify.X.dll</c> is run in a deployment.
/// </remarks>
public sealed record ProjectResourceOptions : ProcessResourceOptions
{
    /// <inheritdoc />
    public override required string Name { get; init; }

    /// <summary>
    /// The project file, relative to the repository root (e.g. <c>Notify.Ingest/Notify.Ingest.csproj</c>) or
    /// absolute. Its assembly is looked for where <c>dotnet build</c> puts it, named after the project file.
    /// </summary>
    public required string ProjectPath { get; init; }

    /// <summary>The build configuration whose output runs; null uses the launcher's own (a Release AppHost runs Release services).</summary>
    public string? Configuration { get; init; }

    /// <summary>
    /// <c>OTEL_SERVICE_NAME</c>; null uses <see cref="Name"/>. Replicas share their service's name and differ by
    /// instance id (<c>service.instance.id</c>, always the resource name).
    /// </summary>
    public string? ServiceName { get; init; }

    /// <summary>
    /// The path that must answer 200 before the service counts as ready: <c>/health</c> (every health check), or
    /// <c>/alive</c> (liveness only) for a service that should count as started while a dependency is still down.
    /// </summary>
    public string ReadinessPath { get; init; } = "/health";

    /// <summary>
    /// Whether a crash (an exit nobody asked for) is followed by a restart, after a backoff growing from 1 s to
    /// 30 s while the crashes continue. <see cref="ProcessResource.KillAsync"/> is deliberate and never restarted.
    /// </summary>
    public bool RestartOnCrash { get; init; }

    /// <summary><c>DOTNET_ENVIRONMENT</c> and <c>ASPNETCORE_ENVIRONMENT</c>.</summary>
    public string EnvironmentName { get; init; } = "Development";

    /// <summary>Where the service sends telemetry (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>); null leaves the OTLP exporter off.</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary><c>OTEL_EXPORTER_OTLP_PROTOCOL</c> when <see cref="OtlpEndpoint"/> is set: <c>grpc</c> or <c>http/protobuf</c>.</summary>
    public string OtlpProtocol { get; init; } = "grpc";

    /// <summary>Extra environment variables, applied last (they win over everything the launcher composes).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Options for <paramref name="count"/> replicas of this service, named <c>Name-0</c>, <c>Name-1</c>, …: each
    /// its own port (<see cref="ProcessResourceOptions.Port"/> + index when fixed, else a free one) and instance
    /// id, all with this service's <see cref="ServiceName"/>.
    /// </summary>
    public IReadOnlyList<ProjectResourceOptions> Replicas(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Enumerable.Range(0, count)
            .Select(index => this with { Name = $"{Name}-{index}", ServiceName = ServiceName ?? Name, Port = Port + index })
            .ToArray();
    }
}
