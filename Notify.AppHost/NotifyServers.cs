using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Notify.AppHost.Servers;

namespace Notify.AppHost;

/// <summary>
/// The servers the services reference: nats, redis, postgres with <c>notifydb</c>, smtp. A local run starts them as
/// programs from Debian's packages; a published manifest names the container images a cluster runs instead.
/// </summary>
/// <param name="Nats">NATS with JetStream (a cluster's first node, whose connection string names every node).</param>
/// <param name="Redis">Redis.</param>
/// <param name="Postgres">The PostgreSQL server (what services wait for).</param>
/// <param name="Database">The <c>notifydb</c> database (what services reference).</param>
/// <param name="Smtp">The SMTP server or relay.</param>
/// <param name="StreamReplicas">
/// Replicas of the streams and KV buckets the services declare (<c>Notify__Streams__Replicas</c>), or null to leave
/// them to the services' configuration (a published manifest: the deployment's overlay says).
/// </param>
internal sealed record NotifyServers(
    IResourceBuilder<IResourceWithConnectionString> Nats,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    IResourceBuilder<IResource> Postgres,
    IResourceBuilder<IResourceWithConnectionString> Database,
    IResourceBuilder<IResourceWithConnectionString> Smtp,
    int? StreamReplicas = null)
{
    /// <summary>The other NATS nodes of a cluster, which services wait for as well (none for a single server).</summary>
    public IReadOnlyList<IResourceBuilder<IResource>> OtherNatsNodes { get; init; } = [];

    /// <summary>The database's name (and its resource's).</summary>
    public const string DatabaseName = "notifydb";

    /// <summary>The servers as local programs, each with its state under <see cref="StackSettings.StateDirectory"/>.</summary>
    public static NotifyServers AddLocal(IDistributedApplicationBuilder builder, StackSettings settings)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new InvalidOperationException("the local stack runs its servers from Debian's packages: run it on Linux, or publish the manifest");
        }

        string State(string name) => Path.Combine(settings.StateDirectory, name);
        // A cluster keeps its stores apart from the single server's (.state/nats): a store a single server wrote is not
        // one a cluster node adopts, so switching between the two keeps each one's streams for when it runs again.
        IReadOnlyList<IResourceBuilder<NatsServerResource>> nats = settings.NatsNodes == 1
            ? [builder.AddLocalNats("nats", settings.NatsPort, settings.NatsMonitorPort, State("nats"))]
            : builder.AddLocalNatsCluster("nats", [.. settings.NatsNodePorts.Select(p => (p.Client, p.Monitor, p.Cluster))], State("nats-cluster"));
        IResourceBuilder<LocalPostgresServerResource> postgres = builder.AddLocalPostgres("postgres", settings.PostgresPort, State("postgres"), settings.Durable);
        return new NotifyServers(
            nats[0],
            builder.AddLocalRedis("redis", settings.RedisPort, State("redis")),
            postgres,
            postgres.AddDatabase(DatabaseName),
            builder.AddLocalSmtp("smtp", settings.SmtpPort, State("smtp")),
            settings.StreamReplicas)
        {
            OtherNatsNodes = [.. nats.Skip(1)],
        };
    }

    /// <summary>
    /// The servers as the containers a cluster runs: Aspire's PostgreSQL resource, Redis with a password,
    /// <c>nats:2.10</c> with JetStream, and Mailpit as the SMTP server of a development cluster (production points
    /// <c>ConnectionStrings__smtp</c> at its relay). The images are those the dev overlay under
    /// <c>deploy/kubernetes</c> runs (the tests hold the two together).
    /// </summary>
    public static NotifyServers AddContainers(IDistributedApplicationBuilder builder)
    {
        IResourceBuilder<ServerContainerResource> nats = builder.AddResource(new ServerContainerResource("nats", "nats"))
            .WithImage("library/nats", "2.10-alpine")
            .WithImageRegistry("docker.io")
            .WithArgs("-js", "-sd", "/var/lib/nats/data")
            .WithVolume("notify-nats-data", "/var/lib/nats/data")
            .WithEndpoint(port: 4222, targetPort: 4222, scheme: "tcp", name: ServerContainerResource.PrimaryEndpointName)
            .WithEndpoint(port: 8222, targetPort: 8222, scheme: "http", name: "monitor");

        // PostgreSQL 17, not Aspire's default 18: a cluster's data volume holds a 17 cluster, which 18 reads only after
        // pg_upgrade (and 18's image keeps its data elsewhere, /var/lib/postgresql/18/docker). Alpine: the overlay runs it
        // as uid 70, the Alpine image's postgres user.
        IResourceBuilder<PostgresServerResource> postgres = builder.AddPostgres("postgres")
            .WithImageTag("17.6-alpine")
            .WithDataVolume("notify-postgres-data");

        // Our own Redis resource rather than AddRedis, whose connection string the manifest writes with a cond-… value
        // aspirate cannot substitute. The password reaches redis-server through the environment (a secret aspirate puts
        // in a Secret), not through args, which aspirate copies as they are. Redis 7.4, as the dev overlay runs: Notify
        // keeps nothing in Redis that outlives a restart (no persistence), and tests run against Redis 7.
        ParameterResource redisPassword = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, "redis-password", special: false);
        IResourceBuilder<RedisContainerResource> redis = builder.AddResource(new RedisContainerResource("redis", redisPassword))
            .WithImage("library/redis", "7.4-alpine")
            .WithImageRegistry("docker.io")
            .WithEntrypoint("/bin/sh")
            .WithArgs("-c", "redis-server --requirepass \"$REDIS_PASSWORD\" --save '' --appendonly no")
            .WithEnvironment("REDIS_PASSWORD", redisPassword)
            .WithEndpoint(port: 6379, targetPort: 6379, scheme: "tcp", name: RedisContainerResource.PrimaryEndpointName);

        IResourceBuilder<ServerContainerResource> smtp = builder.AddResource(new ServerContainerResource("smtp", "smtp"))
            .WithImage("axllent/mailpit", "v1.21")
            .WithImageRegistry("docker.io")
            .WithEndpoint(port: 1025, targetPort: 1025, scheme: "tcp", name: ServerContainerResource.PrimaryEndpointName)
            .WithHttpEndpoint(port: 8025, targetPort: 8025, name: "http");
        return new NotifyServers(nats, redis, postgres, postgres.AddDatabase(DatabaseName), smtp);
    }
}
