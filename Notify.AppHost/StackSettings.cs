using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace Notify.AppHost;

/// <summary>
/// What the AppHost runs, from its configuration (<c>appsettings.json</c>, environment, or the command line:
/// <c>dotnet run --project Notify.AppHost -- --Notify:Dispatchers=3</c>). Unset, a local run uses the ports the README
/// lists and keeps its state in <c>.state/</c> beside the solution, so streams and tables survive restarts.
/// </summary>
internal sealed record StackSettings
{
    private const string Section = "Notify";

    /// <summary>How many dispatcher replicas run (<c>Notify:Dispatchers</c>, 2).</summary>
    public int Dispatchers { get; init; } = 2;

    /// <summary>NATS nodes (<c>Notify:Nats:Nodes</c>, 1): one server, or a JetStream cluster of three on loopback.</summary>
    public int NatsNodes { get; init; } = 1;

    /// <summary>
    /// Replicas of every stream and KV bucket the services declare (<c>Notify:Streams:Replicas</c>, as the services read
    /// it): the number of NATS nodes unless set.
    /// </summary>
    public int StreamReplicas { get; init; } = 1;

    /// <summary>Where the servers keep their state (<c>Notify:StateDirectory</c>).</summary>
    public required string StateDirectory { get; init; }

    /// <summary>Whether PostgreSQL syncs to disk (<c>Notify:Durable</c>, true; tests and benchmarks turn it off).</summary>
    public bool Durable { get; init; } = true;

    /// <summary>Ingest's port (<c>Notify:Ports:Ingest</c>, 5080).</summary>
    public int IngestPort { get; init; }

    /// <summary>The provider sandbox's port (<c>Notify:Ports:Sandbox</c>, 5090).</summary>
    public int SandboxPort { get; init; }

    /// <summary>The dispatchers' shared HTTP port, in front of the replicas (<c>Notify:Ports:Dispatcher</c>, 5100).</summary>
    public int DispatcherPort { get; init; }

    /// <summary>NATS's client port (<c>Notify:Ports:Nats</c>, 4222).</summary>
    public int NatsPort { get; init; }

    /// <summary>NATS's monitoring port (<c>Notify:Ports:NatsMonitor</c>, 8222).</summary>
    public int NatsMonitorPort { get; init; }

    /// <summary>
    /// The ports of each NATS node, the first one's from <see cref="NatsPort"/>, <see cref="NatsMonitorPort"/> and
    /// <c>Notify:Ports:NatsCluster</c> (6222, the route port); the other nodes take the next ones (or free ones).
    /// </summary>
    public required IReadOnlyList<NatsNodePorts> NatsNodePorts { get; init; }

    /// <summary>Redis's port (<c>Notify:Ports:Redis</c>, 6379).</summary>
    public int RedisPort { get; init; }

    /// <summary>PostgreSQL's port (<c>Notify:Ports:Postgres</c>, 5432).</summary>
    public int PostgresPort { get; init; }

    /// <summary>SMTP's port (<c>Notify:Ports:Smtp</c>, 2525).</summary>
    public int SmtpPort { get; init; }

    /// <summary>Only the servers, no Notify service (<c>Notify:ServersOnly</c>): what integration tests share.</summary>
    public bool ServersOnly { get; init; }

    /// <summary>
    /// Reads the settings. <c>Notify:Ports:Free</c> true (tests, benchmarks) takes a free port for each instead of the
    /// fixed ones, so a run beside another stack does not collide; a port set to 0 is taken free as well.
    /// </summary>
    /// <exception cref="InvalidOperationException">A value is out of range (the message names the key).</exception>
    public static StackSettings From(IConfiguration configuration, string appHostDirectory)
    {
        IConfigurationSection notify = configuration.GetSection(Section);
        bool free = notify.GetValue("Ports:Free", false);
        int Port(string key, int fixedPort)
        {
            int port = free ? 0 : notify.GetValue($"Ports:{key}", fixedPort);
            if (port is < 0 or > 65535)
            {
                throw new InvalidOperationException($"{Section}:Ports:{key} must be a port number (1-65535, or 0 for a free one), not {port.ToString(CultureInfo.InvariantCulture)}.");
            }

            return port == 0 ? FreePort() : port;
        }

        int dispatchers = notify.GetValue("Dispatchers", 2);
        if (dispatchers is < 1 or > 32)
        {
            throw new InvalidOperationException($"{Section}:Dispatchers must be between 1 and 32, not {dispatchers.ToString(CultureInfo.InvariantCulture)}.");
        }

        int nodes = notify.GetValue("Nats:Nodes", 1);
        if (nodes is not (1 or 3))
        {
            throw new InvalidOperationException($"{Section}:Nats:Nodes must be 1 (one server) or 3 (a JetStream cluster), not {nodes.ToString(CultureInfo.InvariantCulture)}.");
        }

        int replicas = notify.GetValue("Streams:Replicas", nodes);
        if (replicas < 1 || replicas > nodes)
        {
            throw new InvalidOperationException($"{Section}:Streams:Replicas must be between 1 and the NATS nodes ({nodes.ToString(CultureInfo.InvariantCulture)}), not {replicas.ToString(CultureInfo.InvariantCulture)}.");
        }

        int natsPort = Port("Nats", 4222), natsMonitorPort = Port("NatsMonitor", 8222), natsClusterPort = Port("NatsCluster", 6222);
        NatsNodePorts[] natsNodes = [.. Enumerable.Range(0, nodes).Select(node => node == 0 || !free
            ? new NatsNodePorts(natsPort + node, natsMonitorPort + node, natsClusterPort + node)
            : new NatsNodePorts(FreePort(), FreePort(), FreePort()))];

        return new StackSettings
        {
            Dispatchers = dispatchers,
            NatsNodes = nodes,
            StreamReplicas = replicas,
            StateDirectory = Path.GetFullPath(notify["StateDirectory"] ?? Path.Combine(appHostDirectory, "..", ".state")),
            Durable = notify.GetValue("Durable", true),
            ServersOnly = notify.GetValue("ServersOnly", false),
            IngestPort = Port("Ingest", 5080),
            SandboxPort = Port("Sandbox", 5090),
            DispatcherPort = Port("Dispatcher", 5100),
            NatsPort = natsPort,
            NatsMonitorPort = natsMonitorPort,
            NatsNodePorts = natsNodes,
            RedisPort = Port("Redis", 6379),
            PostgresPort = Port("Postgres", 5432),
            SmtpPort = Port("Smtp", 2525),
        };
    }

    // Free ports are drawn below the kernel's ephemeral range (Linux: 32768-60999), which outgoing connections take
    // their source ports from: a port the system picks for port 0 comes from that range, and another process's
    // connection can hold it by the time the server binds it (seen: a nats-server of a test stack stopping with
    // "bind: address already in use", and the stack never getting healthy).
    private const int FirstFreePort = 20_000;
    private const int LastFreePort = 32_767;

    /// <summary>A port nothing listens on now, drawn at random below the ephemeral range; the system's choice if none is found.</summary>
    private static int FreePort()
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            int port = Random.Shared.Next(FirstFreePort, LastFreePort + 1);
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: draw another.
            }
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The ports of one NATS node.</summary>
/// <param name="Client">Where clients connect.</param>
/// <param name="Monitor">The HTTP monitoring port (<c>/healthz</c>, <c>/varz</c>, <c>/jsz</c>).</param>
/// <param name="Cluster">Where the other nodes' routes connect (unused by a single server).</param>
internal sealed record NatsNodePorts(int Client, int Monitor, int Cluster);
