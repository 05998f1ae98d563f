using System.Collections.Concurrent;
using Notify.Nats;
using Notify.Nats.JetStream;
using Notify.Nats.JetStream.Models;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Nats.JetStream;

public sealed class JetStreamReconnectTests(NatsServerFixture fixture) : IClassFixture<NatsServerFixture>
{
    private static readonly TimeSpan RestartDeadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Publishes_acked_before_a_kill_are_all_there_after_the_restart()
    {
        await using var connection = new NatsConnection(ReconnectTests.FastReconnect(fixture.Server.ConnectionString!));
        var events = new ConnectionEvents(connection);
        var js = new NatsJSContext(connection);
        // A publish caught by the kill fails after a second instead of five: it was never acked, so never promised.
        var publishJs = new NatsJSContext(connection, NatsJSOpts.Default with { RequestTimeout = TimeSpan.FromSeconds(1) });
        string name = TestNames.Unique("durable");
        NatsJSStream stream = await js.CreateStreamAsync(new StreamConfig(name, [$"{name}.>"]) { Storage = StreamConfigStorage.File });
        var acked = new ConcurrentDictionary<ulong, string>();
        int failed = 0;
        using var stop = new CancellationTokenSource();
        Task publishing = Task.Run(async () =>
        {
            for (int i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    PubAckResponse ack = await publishJs.PublishAsync($"{name}.order", $"order {i}".Utf8(), new NatsJSPubOpts { MsgId = $"order-{i}" });
                    acked[ack.EnsureSuccess().Seq] = $"order {i}";
                }
                catch (NatsException)
                {
                    // not acked, so not promised: the server was down
                    Interlocked.Increment(ref failed);
                }
            }
        });
        await Eventually.UntilAsync(() => acked.Count >= 50, SharedNats.Deadline, "publishing is under way");

        try
        {
            await fixture.Server.KillAsync();
        }
        finally
        {
            await fixture.Server.StartAsync();
        }

        int ackedAtRestart = acked.Count;
        await Eventually.UntilAsync(() => events.Count("opened") == 2 && acked.Count >= ackedAtRestart + 50, RestartDeadline,
            "publishing goes on after the restart");
        await stop.CancelAsync();
        await publishing.WaitAsync(SharedNats.Deadline);

        await stream.RefreshAsync();
        Assert.True(stream.Info.State.Messages >= (ulong)acked.Count);
        foreach ((ulong seq, string payload) in acked)
        {
            Assert.Equal(payload, (await stream.GetMsgAsync(seq)).Data!.AsText());
        }

        await js.DeleteStreamAsync(name);
    }

    [Fact]
    public async Task Running_consume_loop_resumes_by_itself_after_the_server_restarts()
    {
        await using var connection = new NatsConnection(ReconnectTests.FastReconnect(fixture.Server.ConnectionString!));
        var events = new ConnectionEvents(connection);
        var js = new NatsJSContext(connection);
        string name = TestNames.Unique("resume");
        await js.CreateStreamAsync(new StreamConfig(name, [$"{name}.>"]) { Storage = StreamConfigStorage.File });
        NatsJSConsumer consumer = await js.CreateOrUpdateConsumerAsync(name, new ConsumerConfig("worker"));
        var received = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var opts = new NatsJSConsumeOpts { MaxMsgs = 10, Expires = TimeSpan.FromSeconds(2), IdleHeartbeat = TimeSpan.FromMilliseconds(500) };
        Task consuming = Task.Run(async () =>
        {
            await foreach (NatsJSMsg msg in consumer.ConsumeAsync(opts, stop.Token))
            {
                received.Enqueue(msg.Msg.Text());
                await msg.AckAsync();
            }
        });
        for (int i = 0; i < 3; i++)
        {
            (await js.PublishAsync($"{name}.job", $"before {i}".Utf8())).EnsureSuccess();
        }

        await Eventually.UntilAsync(() => received.Count == 3, SharedNats.Deadline, "the loop consumes before the kill");

        try
        {
            await fixture.Server.KillAsync();
        }
        finally
        {
            await fixture.Server.StartAsync();
        }

        await Eventually.UntilAsync(() => events.Count("opened") == 2, RestartDeadline, "the connection reopens by itself");
        for (int i = 0; i < 3; i++)
        {
            (await js.PublishAsync($"{name}.job", $"after {i}".Utf8())).EnsureSuccess();
        }

        // Delivery is at least once: acks still in flight, or not yet written down by the server when it was
        // killed, bring those messages back; what matters is that nothing is missing and the loop goes on.
        await Eventually.UntilAsync(() => received.Distinct().Count() == 6, RestartDeadline, "the same loop consumes after the restart");
        Assert.Equal(["before 0", "before 1", "before 2", "after 0", "after 1", "after 2"], received.Distinct());
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consuming.WaitAsync(SharedNats.Deadline));
        await js.DeleteStreamAsync(name);
    }
}
