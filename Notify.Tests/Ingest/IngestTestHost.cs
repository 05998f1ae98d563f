using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Notify.Ingest;
using Notify.Ingest.Startup;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Ingest;

/// <summary>
/// Ingest hosted in-process on a free port against the shared servers, with a tenant of its own (so test classes do
/// not see each other's data) and three bootstrap keys: all scopes, <c>send</c> only, <c>read</c> only.
/// </summary>
public sealed class IngestTestHost : IAsyncDisposable
{
    /// <summary>How long a test waits for something that normally takes milliseconds.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private readonly List<HttpClient> _clients = [];

    private IngestTestHost(WebApplication app, string tenant, NatsConnection nats, SharedServers servers)
    {
        App = app;
        Tenant = tenant;
        Nats = nats;
        JetStream = new NatsJSContext(nats);
        Servers = servers;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address);
        Client = CreateClient(AdminKey);
    }

    /// <summary>The application.</summary>
    public WebApplication App { get; }

    /// <summary>Where it listens.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The host's tenant.</summary>
    public string Tenant { get; }

    /// <summary>A key with every scope.</summary>
    public string AdminKey => $"test-key-{Tenant}-all";

    /// <summary>A key with <c>send</c> only.</summary>
    public string SendKey => $"test-key-{Tenant}-send";

    /// <summary>A key with <c>read</c> only.</summary>
    public string ReadKey => $"test-key-{Tenant}-read";

    /// <summary>A client presenting <see cref="AdminKey"/>.</summary>
    public HttpClient Client { get; }

    /// <summary>The test's own connection to the shared nats-server, to look at what Ingest published.</summary>
    public NatsConnection Nats { get; }

    /// <summary>JetStream on <see cref="Nats"/>.</summary>
    public NatsJSContext JetStream { get; }

    /// <summary>The shared servers.</summary>
    public SharedServers Servers { get; }

    /// <summary>
    /// Starts Ingest against the shared servers with a new tenant; <paramref name="settings"/> may add or override
    /// configuration (point a connection string elsewhere, tighten a limit), <paramref name="configure"/> change the
    /// builder (collect logs). Returns once it accepts requests.
    /// </summary>
    public static async Task<IngestTestHost> StartAsync(string? notifyDb = null, IReadOnlyDictionary<string, string?>? settings = null,
        bool waitUntilReady = true, string tenantPrefix = "t", Action<WebApplicationBuilder>? configure = null)
    {
        var servers = await SharedInfrastructure.GetAsync();
        var tenant = TestNames.Unique(tenantPrefix);
        var configuration = new Dictionary<string, string?>
        {
            ["ConnectionStrings:nats"] = servers.Nats,
            ["ConnectionStrings:redis"] = servers.Redis,
            ["ConnectionStrings:notifydb"] = notifyDb ?? servers.NotifyDb,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Notify:ApiKeys:Bootstrap:0:Key"] = $"test-key-{tenant}-all",
            ["Notify:ApiKeys:Bootstrap:0:Tenant"] = tenant,
            ["Notify:ApiKeys:Bootstrap:0:Scopes:0"] = "send,read,admin",
            ["Notify:ApiKeys:Bootstrap:1:Key"] = $"test-key-{tenant}-send",
            ["Notify:ApiKeys:Bootstrap:1:Tenant"] = tenant,
            ["Notify:ApiKeys:Bootstrap:1:Scopes:0"] = "send",
            ["Notify:ApiKeys:Bootstrap:2:Key"] = $"test-key-{tenant}-read",
            ["Notify:ApiKeys:Bootstrap:2:Tenant"] = tenant,
            ["Notify:ApiKeys:Bootstrap:2:Scopes:0"] = "read",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            configuration[key] = value;

        var app = IngestApplication.Create([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(configuration);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            configure?.Invoke(builder);
        });
        await app.StartAsync();
        if (waitUntilReady)
            await app.Services.GetRequiredService<JetStreamReadiness>().WhenReadyAsync(new CancellationTokenSource(Deadline).Token);

        var nats = new NatsConnection(NatsOpts.Default with { Url = servers.Nats, Name = "ingest-tests" });
        await nats.ConnectAsync();
        return new IngestTestHost(app, tenant, nats, servers);
    }

    /// <summary>A client presenting <paramref name="apiKey"/> as a bearer token (none when null).</summary>
    public HttpClient CreateClient(string? apiKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = Deadline };
        if (apiKey is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        _clients.Add(client);
        return client;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
            client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Nats.DisposeAsync();
    }
}
