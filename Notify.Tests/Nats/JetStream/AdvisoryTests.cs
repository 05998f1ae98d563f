using Notify.Nats.JetStream;
using Notify.Nats.JetStream.Advisories;

namespace Notify.Tests.Nats.JetStream;

public sealed class AdvisoryTests
{
    [Fact]
    public async Task Max_deliveries_advisory_arrives_while_a_pull_is_open()
    {
        await using TestStream test = await TestStream.CreateAsync("maxdeliver");
        NatsJSConsumer consumer = await test.CreateConsumerAsync(c => c with { MaxDeliver = 2, AckWait = TimeSpan.FromMilliseconds(300) });
        await using NatsJSAdvisorySubscription<ConsumerMaxDeliveriesAdvisory> advisories = await test.Js.SubscribeMaxDeliveriesAsync(test.Name, consumer.Info.Name);
        await test.PublishAsync(1);
        using var stop = new CancellationTokenSource();
        // Never acks: every delivery runs out its ack wait. On 2.9 the server raises the advisory against a waiting pull.
        var opts = new NatsJSConsumeOpts { MaxMsgs = 1, Expires = TimeSpan.FromSeconds(2), IdleHeartbeat = TimeSpan.FromMilliseconds(500) };
        Task<int> deliveries = Task.Run(async () =>
        {
            int count = 0;
            try
            {
                await foreach (NatsJSMsg _ in consumer.ConsumeAsync(opts, stop.Token))
                {
                    count++;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // the test has what it waited for
            }

            return count;
        });

        ConsumerMaxDeliveriesAdvisory advisory = await FirstAsync(advisories);
        await stop.CancelAsync();

        Assert.Equal("io.nats.jetstream.advisory.v1.max_deliver", advisory.Type);
        Assert.Equal(test.Name, advisory.Stream);
        Assert.Equal(consumer.Info.Name, advisory.Consumer);
        Assert.Equal(1UL, advisory.StreamSeq);
        Assert.Equal(2UL, advisory.Deliveries);
        Assert.Equal(2, await deliveries.WaitAsync(SharedNats.Deadline));
        await test.Stream.RefreshAsync();
        Assert.Equal(1UL, test.Stream.Info.State.Messages);
    }

    [Fact]
    public async Task Terminated_delivery_raises_a_MSG_TERMINATED_advisory()
    {
        await using TestStream test = await TestStream.CreateAsync("terminated");
        NatsJSConsumer consumer = await test.CreateConsumerAsync();
        await using NatsJSAdvisorySubscription<ConsumerMsgTerminatedAdvisory> advisories = await test.Js.SubscribeMsgTerminatedAsync(test.Name, consumer.Info.Name);
        await test.PublishAsync(2);
        NatsJSMsg msg = (await consumer.NextAsync(TimeSpan.FromSeconds(5), SharedNats.DeadlineToken()))!.Value;
        NatsJSMsg second = (await consumer.NextAsync(TimeSpan.FromSeconds(5), SharedNats.DeadlineToken()))!.Value;

        await second.AckTerminateAsync(new AckOpts { DoubleAck = true });

        ConsumerMsgTerminatedAdvisory advisory = await FirstAsync(advisories);
        Assert.Equal("io.nats.jetstream.advisory.v1.terminated", advisory.Type);
        Assert.Equal(test.Name, advisory.Stream);
        Assert.Equal(consumer.Info.Name, advisory.Consumer);
        Assert.Equal(2UL, advisory.StreamSeq);
        Assert.Equal(2UL, advisory.ConsumerSeq);
        Assert.Equal(1UL, advisory.Deliveries);
        Assert.Equal(0, advisories.Malformed);
        await msg.AckAsync();
    }

    private static async Task<T> FirstAsync<T>(NatsJSAdvisorySubscription<T> advisories)
    {
        await foreach (T advisory in advisories.WithCancellation(SharedNats.DeadlineToken()))
        {
            return advisory;
        }

        throw new Xunit.Sdk.XunitException("the advisory subscription ended without an advisory");
    }
}
