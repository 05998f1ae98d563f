using System.Globalization;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using Aspire.Hosting.ApplicationModel;
using MailKit.Net.Smtp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Notify.AppHost.Servers;

namespace Aspire.Hosting;

/// <summary>
/// The servers Notify needs, run as local programs from Debian's packages (no container engine), each a resource
/// with a connection string and a health check, as Aspire's hosting integrations shape their container resources.
/// </summary>
[SupportedOSPlatform("linux")]
public static class LocalServerExtensions
{
    private const string PasswordAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>nats-server with JetStream on <paramref name="port"/> (monitoring on <paramref name="monitorPort"/>), its store in <paramref name="storeDirectory"/>.</summary>
    public static IResourceBuilder<NatsServerResource> AddLocalNats(
        this IDistributedApplicationBuilder builder, string name, int port, int monitorPort, string storeDirectory)
    {
        Directory.CreateDirectory(storeDirectory);
        return builder.AddNatsNode(new NatsServerResource(name, ServerPrograms.FindNats(), storeDirectory), port, monitorPort, []);
    }

    /// <summary>
    /// A JetStream cluster of nats-servers on loopback, one resource per node: the first is <paramref name="name"/> (the
    /// one services reference; its connection string lists every node), the others <c>name-2</c>, <c>name-3</c>, … shown
    /// under it. Each node has its own store under <paramref name="stateDirectory"/> and routes to the others, in the
    /// cluster <c>notify</c> as the production overlay names it.
    /// </summary>
    /// <returns>The first node, then the others.</returns>
    public static IReadOnlyList<IResourceBuilder<NatsServerResource>> AddLocalNatsCluster(
        this IDistributedApplicationBuilder builder, string name, IReadOnlyList<(int Client, int Monitor, int Cluster)> nodes, string stateDirectory)
    {
        string program = ServerPrograms.FindNats();
        NatsServerResource Node(int index, IReadOnlyList<NatsServerResource> others)
        {
            string nodeName = index == 0 ? name : $"{name}-{Text(index + 1)}";
            string store = Path.Combine(stateDirectory, nodeName);
            Directory.CreateDirectory(store);
            return new NatsServerResource(nodeName, program, store) { OtherNodes = others };
        }

        NatsServerResource[] others = [.. Enumerable.Range(1, nodes.Count - 1).Select(index => Node(index, []))];
        NatsServerResource[] all = [Node(0, others), .. others];
        IResourceBuilder<NatsServerResource>[] added = new IResourceBuilder<NatsServerResource>[all.Length];
        for (int index = 0; index < all.Length; index++)
        {
            string[] routes = [.. nodes.Where((_, other) => other != index).Select(node => $"nats://127.0.0.1:{Text(node.Cluster)}")];
            added[index] = builder.AddNatsNode(all[index], nodes[index].Client, nodes[index].Monitor,
                ["--cluster_name", ClusterName, "--cluster", $"nats://127.0.0.1:{Text(nodes[index].Cluster)}", "--routes", string.Join(',', routes)]);
            if (index > 0)
            {
                added[index].WithParentRelationship(added[0]);
            }
        }

        return added;
    }

    /// <summary>The JetStream cluster's name, as the production overlay's nats.conf names it.</summary>
    public const string ClusterName = "notify";

    private static IResourceBuilder<NatsServerResource> AddNatsNode(
        this IDistributedApplicationBuilder builder, NatsServerResource nats, int port, int monitorPort, string[] clusterArgs)
    {
        return builder.AddResource(nats)
            .WithEndpoint(NatsServerResource.PrimaryEndpointName, endpoint => Fix(endpoint, port, "tcp"))
            .WithEndpoint(NatsServerResource.MonitorEndpointName, endpoint => Fix(endpoint, monitorPort, "http"))
            .WithArgs(
                ["-a", "127.0.0.1", "-p", Text(port), "-m", Text(monitorPort),
                "-js", "-sd", nats.WorkingDirectory, "-n", $"notify-{nats.Name}", .. clusterArgs])
            .WithHttpHealthCheck("/healthz", endpointName: NatsServerResource.MonitorEndpointName);
    }

    /// <summary>redis-server on <paramref name="port"/>, without persistence (what Notify keeps there is rebuilt or expires).</summary>
    public static IResourceBuilder<RedisServerResource> AddLocalRedis(
        this IDistributedApplicationBuilder builder, string name, int port, string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        var redis = new RedisServerResource(name, ServerPrograms.Find("redis-server", "redis-server"), stateDirectory);
        string healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().AddRedis(_ => $"127.0.0.1:{Text(port)}", healthCheck);
        return builder.AddResource(redis)
            .WithEndpoint(RedisServerResource.PrimaryEndpointName, endpoint => Fix(endpoint, port, "tcp"))
            .WithArgs("--port", Text(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", stateDirectory)
            .WithHealthCheck(healthCheck);
    }

    /// <summary>
    /// PostgreSQL on <paramref name="port"/>, its cluster in <paramref name="stateDirectory"/> (initdb on the first
    /// start, with a password kept beside it). <paramref name="durable"/> false turns fsync off (tests, benchmarks).
    /// </summary>
    public static IResourceBuilder<LocalPostgresServerResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, int port, string stateDirectory, bool durable)
    {
        string bin = ServerPrograms.PostgresBinDirectory();
        string? serviceUser = Environment.UserName == "root" ? "postgres" : null;
        Directory.CreateDirectory(stateDirectory);
        if (serviceUser is not null)
        {
            MakeAncestorsTraversable(stateDirectory);
        }

        string passwordValue = StoredPassword(Path.Combine(stateDirectory, "password"));
        IResourceBuilder<ParameterResource> password = builder.AddParameter($"{name}-password", passwordValue, secret: true);
        string script = Path.Combine(AppContext.BaseDirectory, "Servers", "run-postgres.sh");
        var postgres = new LocalPostgresServerResource(name, "/bin/sh", stateDirectory, password.Resource);
        string healthCheck = $"{name}_check";
        string connectionString = $"Host=127.0.0.1;Port={Text(port)};Username={LocalPostgresServerResource.UserName};Password={passwordValue};Timeout=3";
        builder.Services.AddHealthChecks().AddNpgSql(connectionString, name: healthCheck);
        return builder.AddResource(postgres)
            .WithEndpoint(LocalPostgresServerResource.PrimaryEndpointName, endpoint => Fix(endpoint, port, "tcp"))
            .WithArgs(script, bin, stateDirectory, Text(port), durable ? "true" : "false", serviceUser ?? "")
            .WithEnvironment("POSTGRES_PASSWORD", password.Resource)
            .WithHealthCheck(healthCheck);
    }

    /// <summary>A database on the server; the services create it when missing.</summary>
    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(this IResourceBuilder<LocalPostgresServerResource> server, string name)
    {
        return server.ApplicationBuilder.AddResource(new LocalPostgresDatabaseResource(name, server.Resource));
    }

    /// <summary>An SMTP server on <paramref name="port"/> that keeps every message in a Maildir under <paramref name="stateDirectory"/>.</summary>
    public static IResourceBuilder<SmtpServerResource> AddLocalSmtp(
        this IDistributedApplicationBuilder builder, string name, int port, string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        var smtp = new SmtpServerResource(name, ServerPrograms.Find("aiosmtpd", "python3-aiosmtpd"), stateDirectory);
        string healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, cancellationToken => SmtpGreetsAsync(port, cancellationToken));
        return builder.AddResource(smtp)
            .WithEndpoint(SmtpServerResource.PrimaryEndpointName, endpoint => Fix(endpoint, port, "smtp"))
            .WithArgs("-n", "-l", $"127.0.0.1:{Text(port)}", "-c", "aiosmtpd.handlers.Mailbox", smtp.MaildirPath)
            .WithEnvironment("PYTHONUNBUFFERED", "1")
            .WithHealthCheck(healthCheck);
    }

    private static async Task<HealthCheckResult> SmtpGreetsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { Timeout = 3000 };
        try
        {
            await client.ConnectAsync("127.0.0.1", port, MailKit.Security.SecureSocketOptions.None, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException or SmtpProtocolException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy(exception.Message);
        }
    }

    /// <summary>A fixed, not proxied endpoint: clients reach the server itself on the port the README lists (or the free one chosen).</summary>
    private static void Fix(EndpointAnnotation endpoint, int port, string scheme)
    {
        endpoint.Port = port;
        endpoint.TargetPort = port;
        endpoint.UriScheme = scheme;
        endpoint.IsProxied = false;
    }

    /// <summary>The password a cluster was initialised with, or a new one stored for the first start (owner-only).</summary>
    private static string StoredPassword(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        string password = RandomNumberGenerator.GetString(PasswordAlphabet, 24);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        using (var writer = new StreamWriter(path, options))
        {
            writer.Write(password);
        }

        return password;
    }

    /// <summary>Lets the postgres user reach a state directory under directories only root may enter (a temporary directory is 0700).</summary>
    private static void MakeAncestorsTraversable(string directory)
    {
        for (DirectoryInfo? current = new DirectoryInfo(directory).Parent; current is not null; current = current.Parent)
        {
            UnixFileMode mode = File.GetUnixFileMode(current.FullName);
            if ((mode & UnixFileMode.OtherExecute) == 0)
            {
                File.SetUnixFileMode(current.FullName, mode | UnixFileMode.OtherExecute);
            }
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
