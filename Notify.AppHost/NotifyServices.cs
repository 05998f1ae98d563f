using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Notify.AppHost;

/// <summary>The Notify services: the provider sandbox, Ingest and the dispatcher replicas, wired to the servers.</summary>
internal static class NotifyServices
{
    /// <summary>The services' HTTP endpoint.</summary>
    private const string Http = "http";

    public static void Add(IDistributedApplicationBuilder builder, StackSettings settings, NotifyServers servers)
    {
        bool local = !builder.ExecutionContext.IsPublishMode;

        // Secrets are parameters: a local run gives them the development values; a published manifest asks the deployment
        // to generate them (aspirate does), never carrying ours.
        IResourceBuilder<ParameterResource> apiKey = Secret(builder, "ingest-api-key", DevelopmentCredentials.ApiKey, local);
        IResourceBuilder<ParameterResource> tenant = builder.AddParameter("ingest-api-tenant", DevelopmentCredentials.Tenant, publishValueAsDefault: true);
        IResourceBuilder<ParameterResource> signingKey = Secret(builder, "unsubscribe-signing-key", DevelopmentCredentials.UnsubscribeSigningKey, local);

        IResourceBuilder<ProjectResource> sandbox = builder.AddProject<Projects.Notify_Sandbox>("sandbox")
            .WithServiceEndpoint(local ? settings.SandboxPort : null)
            .WithHttpHealthCheck("/health");

        // The services read connection strings and service-discovery URLs (ASPIRE-CONVENTIONS), nothing else a reference
        // could inject: Aspire 13's split connection properties (NOTIFYDB_URI, REDIS_URI, …) would put annotated.string
        // values in the manifest, which aspirate does not understand.
        const ReferenceEnvironmentInjectionFlags References = ReferenceEnvironmentInjectionFlags.ConnectionString | ReferenceEnvironmentInjectionFlags.ServiceDiscovery;

        IResourceBuilder<ProjectResource> ingest = builder.AddProject<Projects.Notify_Ingest>("ingest")
            .WithServiceEndpoint(local ? settings.IngestPort : null)
            .WithExternalHttpEndpoints()
            .WithReferenceEnvironment(References)
            .WithNats(servers)
            .WithReference(servers.Redis).WaitFor(servers.Redis)
            .WithReference(servers.Database).WaitFor(servers.Postgres)
            .WithEnvironment("Notify__ApiKeys__Bootstrap__0__Key", apiKey)
            .WithEnvironment("Notify__ApiKeys__Bootstrap__0__Tenant", tenant)
            .WithEnvironment("Notify__ApiKeys__Bootstrap__0__Scopes__0", "send")
            .WithEnvironment("Notify__ApiKeys__Bootstrap__0__Scopes__1", "read")
            .WithEnvironment("Notify__ApiKeys__Bootstrap__0__Scopes__2", "admin")
            .WithHttpHealthCheck("/health");
        EndpointReference ingestUrl = ingest.GetEndpoint(Http);
        ingest
            .WithEnvironment("Notify__Unsubscribe__SigningKey", signingKey)
            .WithEnvironment("Notify__Unsubscribe__BaseUrl", ingestUrl);

        // The providers (FCM, Twilio) at the sandbox by name: service discovery resolves http://sandbox through the
        // reference (services__sandbox__http__0). Replicas share one proxied port; each has a port of its own behind it.
        builder.AddProject<Projects.Notify_Dispatcher>("dispatcher")
            .WithReplicas(settings.Dispatchers)
            .WithReferenceEnvironment(References)
            .WithHttpEndpoint(port: local ? settings.DispatcherPort : null, name: Http)
            .WithNats(servers)
            .WithReference(servers.Redis).WaitFor(servers.Redis)
            .WithReference(servers.Database).WaitFor(servers.Postgres)
            .WithReference(servers.Smtp).WaitFor(servers.Smtp)
            .WithReference(sandbox).WaitFor(sandbox)
            .WithEnvironment("Notify__Providers__Fcm__BaseUrl", "http://sandbox")
            .WithEnvironment("Notify__Providers__Twilio__BaseUrl", "http://sandbox")
            .WithEnvironment("Notify__Unsubscribe__SigningKey", signingKey)
            .WithEnvironment("Notify__Unsubscribe__BaseUrl", ingestUrl)
            .WithHttpHealthCheck("/health");

        if (local)
        {
            PrintTryIt(builder, ingest, sandbox);
        }
    }

    /// <summary>
    /// NATS for a service that declares streams: the connection string (every node's URL), a wait for each node, and the
    /// replicas its streams and KV buckets are to have.
    /// </summary>
    private static IResourceBuilder<ProjectResource> WithNats(this IResourceBuilder<ProjectResource> project, NotifyServers servers)
    {
        project.WithReference(servers.Nats).WaitFor(servers.Nats);
        foreach (IResourceBuilder<IResource> node in servers.OtherNatsNodes)
        {
            project.WaitFor(node);
        }

        return servers.StreamReplicas is int replicas
            ? project.WithEnvironment("Notify__Streams__Replicas", replicas.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : project;
    }

    /// <summary>A secret parameter: <paramref name="developmentValue"/> in a local run, generated by the deployment when published.</summary>
    private static IResourceBuilder<ParameterResource> Secret(IDistributedApplicationBuilder builder, string name, string developmentValue, bool local)
    {
        return local
            ? builder.AddParameter(name, developmentValue, publishValueAsDefault: false, secret: true)
            : builder.AddParameter(name, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);
    }

    /// <summary>
    /// Ingest and the sandbox on the port given (not proxied: scripts and the README reach the service itself), or,
    /// published, on the port the platform gives (HTTP_PORTS).
    /// </summary>
    private static IResourceBuilder<ProjectResource> WithServiceEndpoint(this IResourceBuilder<ProjectResource> project, int? port)
    {
        return port is null
            ? project.WithHttpEndpoint(name: Http)
            : project.WithHttpEndpoint(port: port, name: Http, isProxied: false);
    }

    /// <summary>Once Ingest is healthy: its URL, the ops console's, the API reference's, and curl commands that work as printed.</summary>
    private static void PrintTryIt(IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> ingest, IResourceBuilder<ProjectResource> sandbox)
    {
        builder.Eventing.Subscribe<ResourceReadyEvent>(ingest.Resource, (ready, _) =>
        {
            var ingestUrl = new Uri(ingest.GetEndpoint(Http).Url);
            var sandboxUrl = new Uri(sandbox.GetEndpoint(Http).Url);
            ILogger logger = ready.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Notify.AppHost");
            string lines = string.Join(Environment.NewLine, TryItCommands.For(ingestUrl, sandboxUrl));
            logger.LogInformation(
                "Notify is up. Ingest: {Ingest}  Ops console: {Console} (API key {ApiKey})  API reference: {Reference}. Send a notification, read its status, see what the sandbox received:{NewLine}{Commands}",
                ingestUrl, ingestUrl, DevelopmentCredentials.ApiKey, new Uri(ingestUrl, "docs"), Environment.NewLine, lines);
            return Task.CompletedTask;
        });
    }
}
