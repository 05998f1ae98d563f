using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Messaging;

/// <summary>
/// Replicas on a single nats-server: JetStream refuses to create a stream with more than one there, and on an update
/// records more while keeping one. So Notify asks for one and says what to set. (A cluster: NatsClusterFailoverTests.)
/// </summary>
public sealed class StreamReplicasTests(NatsServerFixture nats) : IClassFixture<NatsServerFixture>
{
    [Fact]
    public async Task A_single_server_gets_one_replica_whatever_is_configured_and_a_warning_names_the_setting()
    {
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = nats.Server.ConnectionString, Name = "stream-replicas-tests" });
        var js = new NatsJSContext(connection);
        var log = new FakeLogger<StreamTopology>();

        await new StreamTopology(js, new StreamTopologyOptions { Replicas = 3 }, log).EnsureAsync(); // creates
        await new StreamTopology(js, new StreamTopologyOptions { Replicas = 3 }, log).EnsureAsync(); // updates

        string[] streams = [.. Priorities.All.Select(Subjects.Stream), Subjects.DeadLetterStream, Subjects.StatusStream, Subjects.ReceiptStream];
        foreach (string stream in streams)
            Assert.Equal((stream, 1), (stream, (await js.GetStreamAsync(stream)).Info.Config.NumReplicas));
        Assert.Equal(1, await StreamTopology.ReplicasOnAsync(js, 3));
        var warnings = log.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Warning).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Contains("Set Notify:Streams:Replicas to 1", w.Message, StringComparison.Ordinal));
        Assert.DoesNotContain(log.Collector.GetSnapshot(), r => r.Message.Contains("scaled", StringComparison.Ordinal));
    }
}
