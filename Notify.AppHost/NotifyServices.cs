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

        // Secrets are parameters: a local run gives them the development values, a published manifest leaves them to the deployment.
        IResourceBuilder<ParameterResource> apiKey = builder.AddParameter("ingest-api-key", DevelopmentCredentials.ApiKey, publishValueAsDefault: false, secret: true);
        IResourceBuilder<ParameterResource> tenant = builder.AddParameter("ingest-api-tenant", DevelopmentCredentials.Tenant, publishValueAsDefault: true);
        IResourceBuilder<ParameterResource> signingKey = builder.AddParameter(
            "unsubscribe-signing-key", DevelopmentCredentials.UnsubscribeSigningKey, publishValueAsDefault: false, secret: true);

        IResourceBuilder<ProjectResource> sandbox = builder.AddProject<Projects.Notify_Sandbox>("sandbox")
            .WithServiceEndpoint(local ? settings.SandboxPort : null)
            .WithHttpHealthCheck("/health");

        IResourceBuilder<ProjectResource> ingest = builder.AddProject<Projects.Notify_Ingest>("ingest")
            .WithServiceEndpoint(local ? settings.IngestPort : null)
            .WithReference(servers.Nats).WaitFor(servers.Nats)
            .WithReference(servers.Redis).WaitFor(servers.Redis)
            .WithReference(servers.Database).WaitFor(servers.Postgres)
            .WithReference(sandbox)
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
            .WithHttpEndpoint(port: local ? settings.DispatcherPort : null, name: Http)
            .WithReference(servers.Nats).WaitFor(servers.Nats)
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
    /// Ingest and the sandbox on the port given (not proxied: scripts and the README reach the service itself), or,
    /// published, on the port the platform gives (HTTP_PORTS).
    /// </summary>
    private static IResourceBuilder<ProjectResource> WithServiceEndpoint(this IResourceBuilder<ProjectResource> project, int? port)
    {
        return port is null
            ? project.WithHttpEndpoint(name: Http)
            : project.WithHttpEndpoint(port: port, name: Http, isProxied: false);
    }

    /// <summary>Once Ingest is healthy: its URL, the ops console's, and curl commands that work as printed.</summary>
    private static void PrintTryIt(IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> ingest, IResourceBuilder<ProjectResource> sandbox)
    {
        builder.Eventing.Subscribe<ResourceReadyEvent>(ingest.Resource, (ready, _) =>
        {
            var ingestUrl = new Uri(ingest.GetEndpoint(Http).Url);
            var sandboxUrl = new Uri(sandbox.GetEndpoint(Http).Url);
            ILogger logger = ready.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Notify.AppHost");
            string lines = string.Join(Environment.NewLine, TryItCommands.For(ingestUrl, sandboxUrl));
            logger.LogInformation(
                "Notify is up. Ingest: {Ingest}  Ops console: {Console} (API key {ApiKey}). Send a notification, read its status, see what the sandbox received:{NewLine}{Commands}",
                ingestUrl, ingestUrl, DevelopmentCredentials.ApiKey, Environment.NewLine, lines);
            return Task.CompletedTask;
        });
    }
}
