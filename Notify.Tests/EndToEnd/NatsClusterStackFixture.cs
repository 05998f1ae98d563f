using Aspire.Hosting;
using Aspire.Hosting.Testing;
using NATS.Client.Core;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.EndToEnd;

/// <summary>
/// The stack on a 3-node NATS JetStream cluster (<c>Notify:Nats:Nodes=3</c>, so every stream and KV bucket is R3), with a
/// 10 s ack wait so that deliveries whose acks a dying node took with it come back within a test's deadline.
/// </summary>
public sealed class NatsClusterStackFixture : NotifyStackFixture
{
    /// <summary>The ack wait of every dispatch consumer.</summary>
    public static readonly TimeSpan AckWait = TimeSpan.FromSeconds(10);

    /// <summary>The NATS resources, one per node: the first is the one services reference.</summary>
    public static readonly string[] NodeResources = ["nats", "nats-2", "nats-3"];

    /// <inheritdoc />
    protected override int NatsNodes => 3;

    /// <summary>A client connection to the cluster, through every node's URL as the services get them.</summary>
    public async Task<NatsConnection> ConnectAsync()
    {
        string urls = await App.GetConnectionStringAsync("nats") ?? throw new InvalidOperationException("nats has no connection string");
        var connection = new NatsConnection(NatsOpts.Default with { Url = urls, Name = "cluster-test" });
        await connection.ConnectAsync();
        return connection;
    }

    /// <summary>The instance of the node whose server is named <paramref name="serverName"/> (<c>notify-&lt;resource&gt;</c>).</summary>
    public ServiceInstance Node(string serverName) =>
        Snapshots.Instances(serverName.StartsWith("notify-", StringComparison.Ordinal) ? serverName["notify-".Length..] : serverName).Single();

    /// <inheritdoc />
    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        SetEnvironment(builder, "ingest", "Notify__Streams__AckWait", AckWait.ToString("c"));
        SetEnvironment(builder, "dispatcher", "Notify__Streams__AckWait", AckWait.ToString("c"));
    }
}
