using System.Net.Http.Headers;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Notify.AppHost;

namespace Notify.Tests.Infrastructure;

/// <summary>
/// The whole Notify stack for one end-to-end test class, <c>IClassFixture&lt;NotifyStackFixture&gt;</c>: the AppHost
/// started through Aspire.Hosting.Testing with its own servers (nats, redis, postgres, smtp) on free ports and state in
/// a temporary directory, the sandbox, Ingest and two dispatcher replicas. Nothing restarts a crashed service (Aspire
/// does not), so a killed replica stays down until a test starts it again with the resource's start command.
/// </summary>
/// <remarks>
/// The servers are not the shared ones: the priority streams, consumers and KV buckets are global per NATS
/// server, and rate-limit and idempotency keys per Redis, so a class that counts messages, deliveries or mail
/// needs them to itself. That costs a few seconds per class (PostgreSQL's initdb most of it).
/// Derive from it to run another shape of stack: <see cref="DispatcherCount"/>, <see cref="NatsNodes"/>, settings through <see cref="Configure"/>.
/// </remarks>
public class NotifyStackFixture : IAsyncLifetime
{
    /// <summary>Ingest's and the sandbox's HTTP endpoint.</summary>
    public const string Http = "http";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("notify-e2e-");
    private DistributedApplication? _app;
    private ResourceSnapshots? _snapshots;
    private HttpClient? _ingest;
    private HttpClient? _sandbox;

    /// <summary>The running AppHost: endpoints, resource snapshots (<c>ResourceNotifications</c>), resource commands.</summary>
    public DistributedApplication App => _app ?? throw NotInitialized();

    /// <summary>Ingest's address.</summary>
    public Uri IngestUrl => App.GetEndpoint("ingest", Http);

    /// <summary>Ingest's API, authenticated with the development key (tenant <c>dev</c>; scopes send, read, admin).</summary>
    public HttpClient Ingest => _ingest ?? throw NotInitialized();

    /// <summary>The provider sandbox (<c>/sandbox/messages</c>, fault injection).</summary>
    public HttpClient Sandbox => _sandbox ?? throw NotInitialized();

    /// <summary>The dispatcher replicas, to find their processes or run a command on one.</summary>
    public IReadOnlyList<ServiceInstance> Dispatchers => Snapshots.Instances("dispatcher");

    /// <summary>The latest snapshot of every resource instance.</summary>
    public ResourceSnapshots Snapshots => _snapshots ?? throw NotInitialized();

    /// <summary>How many dispatcher replicas run (<c>Notify:Dispatchers</c>).</summary>
    protected virtual int DispatcherCount => 2;

    /// <summary>How many NATS nodes run (<c>Notify:Nats:Nodes</c>): 1, or 3 for a JetStream cluster.</summary>
    protected virtual int NatsNodes => 1;

    /// <summary>
    /// Whether the services export telemetry over OTLP. Off by default: with no dashboard in a test, the endpoint the
    /// AppHost gives them would lead nowhere (or into a developer's running dashboard).
    /// </summary>
    protected virtual bool ExportsTelemetry => false;

    /// <summary>Changes the AppHost's model before it starts: extra settings for a service, another OTLP target.</summary>
    protected virtual void Configure(IDistributedApplicationTestingBuilder builder)
    {
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        IDistributedApplicationTestingBuilder builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Notify_AppHost>(
            ["--Notify:Ports:Free=true", "--Notify:Durable=false", $"--Notify:StateDirectory={_state.FullName}", $"--Notify:Dispatchers={DispatcherCount}", $"--Notify:Nats:Nodes={NatsNodes}"],
            timeout.Token);
        if (!ExportsTelemetry)
        {
            foreach (ProjectResource project in builder.Resources.OfType<ProjectResource>())
            {
                builder.CreateResourceBuilder(project).WithEnvironment(context => context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT"));
            }
        }

        Configure(builder);
        _app = await builder.BuildAsync(timeout.Token);
        _snapshots = ResourceSnapshots.Watch(_app);
        await _app.StartAsync(timeout.Token);
        await _snapshots.WaitUntilHealthyAsync("sandbox", 1, timeout.Token);
        await _snapshots.WaitUntilHealthyAsync("ingest", 1, timeout.Token);
        await _snapshots.WaitUntilHealthyAsync("dispatcher", DispatcherCount, timeout.Token);

        _ingest = new HttpClient { BaseAddress = IngestUrl };
        _ingest.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DevelopmentCredentials.ApiKey);
        _sandbox = new HttpClient { BaseAddress = _app.GetEndpoint("sandbox", Http) };
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        _ingest?.Dispose();
        _sandbox?.Dispose();
        try
        {
            if (_snapshots is not null)
            {
                await _snapshots.DisposeAsync();
            }

            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
        }
        finally
        {
            _state.Delete(recursive: true);
        }
    }

    /// <summary>Adds <paramref name="name"/>=<paramref name="value"/> to the environment of the project resource <paramref name="resource"/>.</summary>
    protected static void SetEnvironment(IDistributedApplicationTestingBuilder builder, string resource, string name, string value)
    {
        ProjectResource project = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == resource);
        builder.CreateResourceBuilder(project).WithEnvironment(name, value);
    }

    private static InvalidOperationException NotInitialized() => new("the fixture has not been initialized");
}
