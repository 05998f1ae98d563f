namespace Notify.AppHost.Hosting;

/// <summary>What a <see cref="NotifyStack"/> runs and how. The defaults are what tests use: free ports, temporary state, no restarts.</summary>
public sealed record NotifyStackOptions
{
    /// <summary>Free ports, temporary state, two dispatchers, no restart-on-crash.</summary>
    public static NotifyStackOptions Default { get; } = new();

    /// <summary>The servers (always all four: nats, redis, postgres with <c>notifydb</c>, smtp); their state directory is the stack's.</summary>
    public InfrastructureOptions Infrastructure { get; init; } = InfrastructureOptions.Default;

    /// <summary>The provider sandbox.</summary>
    public ProjectResourceOptions Sandbox { get; init; } = new()
    {
        Name = "sandbox",
        ProjectPath = "Notify.Sandbox/Notify.Sandbox.csproj",
    };

    /// <summary>The HTTP API.</summary>
    public ProjectResourceOptions Ingest { get; init; } = new()
    {
        Name = "ingest",
        ProjectPath = "Notify.Ingest/Notify.Ingest.csproj",
    };

    /// <summary>The dispatcher, the template of every replica; a fixed port is the first replica's (the next ones count up).</summary>
    public ProjectResourceOptions Dispatcher { get; init; } = new()
    {
        Name = "dispatcher",
        ProjectPath = "Notify.Dispatcher/Notify.Dispatcher.csproj",
    };

    /// <summary>How many dispatcher replicas run (<c>dispatcher-0</c>, <c>dispatcher-1</c>, …).</summary>
    public int Dispatchers { get; init; } = 2;

    /// <summary>Whether every service is restarted after a crash (the AppHost's choice; tests keep it off to see crashes).</summary>
    public bool RestartOnCrash { get; init; }

    /// <summary>The OTLP endpoint of every service that names none of its own; null leaves their exporters off.</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>Prometheus, started last, scraping every service's <c>/metrics</c>; null (the default) runs none.</summary>
    public PrometheusServerOptions? Prometheus { get; init; }

    /// <summary>Receives every output line of every resource, with its name, unless the resource's own options set a receiver.</summary>
    public Action<string, string>? Output { get; init; }

    /// <summary>The infrastructure options with all four servers and the stack's output.</summary>
    internal InfrastructureOptions InfrastructureToRun() => Infrastructure with
    {
        Resources = InfrastructureResources.All,
        Output = Infrastructure.Output ?? Output,
    };

    /// <summary><paramref name="service"/> with the stack-wide settings applied.</summary>
    internal ProjectResourceOptions Apply(ProjectResourceOptions service) => service with
    {
        RestartOnCrash = service.RestartOnCrash || RestartOnCrash,
        OtlpEndpoint = service.OtlpEndpoint ?? OtlpEndpoint,
        Output = service.Output ?? Output,
    };
}
