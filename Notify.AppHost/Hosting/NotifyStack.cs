using Notify.AppHost.Hosting.Internal;

namespace Notify.AppHost.Hosting;

/// <summary>
/// The whole Notify stack as local processes, composed in one place: nats, redis, postgres (<c>notifydb</c>) and
/// smtp; the provider <c>sandbox</c>; <c>ingest</c>; and <c>dispatcher-0</c> … <c>dispatcher-N</c>. Started in
/// that order (the servers in parallel, then the sandbox, then Ingest and the dispatchers in parallel), each
/// waited for until healthy. What <c>./dev.sh up</c> runs, and what end-to-end tests start on free ports.
/// </summary>
/// <example>
/// <code>
/// await using NotifyStack stack = await NotifyStack.StartAsync(NotifyStackOptions.Default with { Dispatchers = 3 }, ct);
/// using var client = new HttpClient { BaseAddress = stack.Ingest.Url };
/// await stack.Dispatchers[1].KillAsync(ct);
/// </code>
/// </example>
public sealed partial class NotifyStack : IAsyncDisposable
{
    private NotifyStack(NotifyStackOptions options)
    {
        Infrastructure = new InfrastructureHost(options.InfrastructureToRun());
        Sandbox = new ProjectResource(options.Apply(options.Sandbox));
        Ingest = new ProjectResource(options.Apply(options.Ingest))
            .WithReference(Infrastructure.Nats)
            .WithReference(Infrastructure.Redis)
            .WithReference(Infrastructure.Postgres)
            .WithReference(Sandbox);
        ConfigureIngest(Ingest);
        ConfigureUnsubscribe(Ingest, Ingest);
        Dispatchers = ProjectResource.CreateReplicas(options.Apply(options.Dispatcher), options.Dispatchers);
        foreach (ProjectResource dispatcher in Dispatchers)
        {
            dispatcher
                .WithReference(Infrastructure.Nats)
                .WithReference(Infrastructure.Redis)
                .WithReference(Infrastructure.Postgres)
                .WithReference(Infrastructure.Smtp)
                .WithReference(Sandbox);
            ConfigureDispatcher(dispatcher, Sandbox);
            ConfigureUnsubscribe(dispatcher, Ingest);
        }

        Services = [Sandbox, Ingest, .. Dispatchers];
        Prometheus = options.Prometheus is null
            ? null
            : new PrometheusServer(options.Prometheus with { Output = options.Prometheus.Output ?? options.Output }, () => Services.Select(PrometheusTarget.Of));
        Resources = [.. Infrastructure.Resources, .. Services, .. Prometheus is null ? Array.Empty<ProcessResource>() : [Prometheus]];
    }

    /// <summary>The servers: nats, redis, postgres, smtp.</summary>
    public InfrastructureHost Infrastructure { get; }

    /// <summary>The provider sandbox (SMS, push and webhook stand-ins).</summary>
    public ProjectResource Sandbox { get; }

    /// <summary>The HTTP API.</summary>
    public ProjectResource Ingest { get; }

    /// <summary>The dispatcher replicas, <c>dispatcher-0</c> first.</summary>
    public IReadOnlyList<ProjectResource> Dispatchers { get; }

    /// <summary>The Notify services: sandbox, ingest, then the dispatchers.</summary>
    public IReadOnlyList<ProjectResource> Services { get; }

    /// <summary>Prometheus scraping every service's <c>/metrics</c>, when <see cref="NotifyStackOptions.Prometheus"/> asked for it.</summary>
    public PrometheusServer? Prometheus { get; }

    /// <summary>Every resource, in start order.</summary>
    public IReadOnlyList<ProcessResource> Resources { get; }

    /// <summary>
    /// Starts the stack and waits until every resource is healthy. The services' build output and the fixed
    /// ports are checked before anything starts; when a resource fails, everything started is stopped and the failure is thrown (an
    /// <see cref="AggregateException"/> when several resources of one step failed).
    /// </summary>
    /// <exception cref="PortInUseException">A fixed port is taken.</exception>
    /// <exception cref="ProjectNotBuiltException">A service's build output is missing (an <see cref="AggregateException"/> of them when several are).</exception>
    /// <exception cref="MissingPrerequisiteException">A server program is not installed.</exception>
    /// <exception cref="ResourceStartException">A resource did not become ready.</exception>
    public static async Task<NotifyStack> StartAsync(NotifyStackOptions? options = null, CancellationToken cancellationToken = default)
    {
        var stack = new NotifyStack(options ?? NotifyStackOptions.Default);
        ResourceStarter.ThrowIfNotBuilt(stack.Services);
        ResourceStarter.ThrowIfFixedPortsTaken(stack.Resources);
        try
        {
            await ResourceStarter.StartAllAsync(stack.Infrastructure.Resources, cancellationToken).ConfigureAwait(false);
            await stack.Sandbox.StartAsync(cancellationToken).ConfigureAwait(false);
            await ResourceStarter.StartAllAsync([stack.Ingest, .. stack.Dispatchers], cancellationToken).ConfigureAwait(false);
            if (stack.Prometheus is not null)
            {
                await stack.Prometheus.StartAsync(cancellationToken).ConfigureAwait(false);
            }

            return stack;
        }
        catch
        {
            await stack.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the services first (Ingest, the dispatchers and Prometheus, then the sandbox), then the servers; deletes temporary state.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            ProcessResource[] first = [.. Services.Where(service => service != Sandbox), .. Prometheus is null ? Array.Empty<ProcessResource>() : [Prometheus]];
            await Task.WhenAll(first.Select(resource => resource.DisposeAsync().AsTask())).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                await Sandbox.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                await Infrastructure.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
