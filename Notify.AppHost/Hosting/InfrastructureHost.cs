using Notify.AppHost.Hosting.Internal;

namespace Notify.AppHost.Hosting;

/// <summary>
/// The servers Notify needs (nats, redis, postgres, smtp), started in parallel and stopped together: the
/// infrastructure half of the AppHost, and what integration tests run against.
/// </summary>
/// <example>
/// <code>
/// await using InfrastructureHost host = await InfrastructureHost.StartAsync(InfrastructureOptions.Default, ct);
/// string nats = host.Nats.ConnectionString;                    // nats://127.0.0.1:41234
/// IReadOnlyDictionary&lt;string, string&gt; env = host.Environment; // ConnectionStrings__nats, NATS_HOST, …
/// </code>
/// </example>
public sealed class InfrastructureHost : IAsyncDisposable
{
    private readonly NatsServer? _nats;
    private readonly RedisServer? _redis;
    private readonly PostgresServer? _postgres;
    private readonly SmtpServer? _smtp;

    /// <summary>Creates the servers without starting them (a <see cref="NotifyStack"/> starts them with its services).</summary>
    internal InfrastructureHost(InfrastructureOptions options)
    {
        InfrastructureResources wanted = options.Resources;
        _nats = wanted.HasFlag(InfrastructureResources.Nats) ? new NatsServer(options.Apply(options.Nats)) : null;
        _redis = wanted.HasFlag(InfrastructureResources.Redis) ? new RedisServer(options.Apply(options.Redis)) : null;
        _postgres = wanted.HasFlag(InfrastructureResources.Postgres) ? new PostgresServer(options.Apply(options.Postgres)) : null;
        _smtp = wanted.HasFlag(InfrastructureResources.Smtp) ? new SmtpServer(options.Apply(options.Smtp)) : null;
        Resources = new ProcessResource?[] { _nats, _redis, _postgres, _smtp }.OfType<ProcessResource>().ToArray();
    }

    /// <summary>The started servers, in the order nats, redis, postgres, smtp.</summary>
    public IReadOnlyList<ProcessResource> Resources { get; }

    /// <summary>nats-server.</summary>
    /// <exception cref="InvalidOperationException">It was not among <see cref="InfrastructureOptions.Resources"/>.</exception>
    public NatsServer Nats => _nats ?? throw NotStarted(InfrastructureResources.Nats);

    /// <summary>redis-server.</summary>
    /// <exception cref="InvalidOperationException">It was not among <see cref="InfrastructureOptions.Resources"/>.</exception>
    public RedisServer Redis => _redis ?? throw NotStarted(InfrastructureResources.Redis);

    /// <summary>PostgreSQL.</summary>
    /// <exception cref="InvalidOperationException">It was not among <see cref="InfrastructureOptions.Resources"/>.</exception>
    public PostgresServer Postgres => _postgres ?? throw NotStarted(InfrastructureResources.Postgres);

    /// <summary>The SMTP server.</summary>
    /// <exception cref="InvalidOperationException">It was not among <see cref="InfrastructureOptions.Resources"/>.</exception>
    public SmtpServer Smtp => _smtp ?? throw NotStarted(InfrastructureResources.Smtp);

    /// <summary>The environment an Aspire AppHost would give a service referencing all these servers.</summary>
    public IReadOnlyDictionary<string, string> Environment =>
        Resources.SelectMany(resource => resource.GetEnvironmentVariables()).ToDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Starts the servers in parallel and waits until all are ready. When one fails, the others are stopped
    /// and the failure is thrown (an <see cref="AggregateException"/> when several failed).
    /// </summary>
    public static async Task<InfrastructureHost> StartAsync(InfrastructureOptions? options = null, CancellationToken cancellationToken = default)
    {
        var host = new InfrastructureHost(options ?? InfrastructureOptions.Default);
        ResourceStarter.ThrowIfFixedPortsTaken(host.Resources);
        try
        {
            await ResourceStarter.StartAllAsync(host.Resources, cancellationToken).ConfigureAwait(false);
            return host;
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops every server (in parallel) and deletes temporary state.</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Resources.Select(resource => resource.DisposeAsync().AsTask())).ConfigureAwait(false);
    }

    private static InvalidOperationException NotStarted(InfrastructureResources resource)
    {
        return new InvalidOperationException($"{resource} was not started by this host (see InfrastructureOptions.Resources)");
    }
}
