using System.Diagnostics;
using Notify.Nats;
using Notify.Nats.JetStream;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Nats.JetStream;

public sealed class ConsumeTests
{
    [Fact]
    public async Task Consume_delivers_everything_in_order_with_explicit_acks()
    {
        await using TestStream test = await TestStream.CreateAsync("consume");
        NatsJSConsumer consumer = await test.CreateConsumerAsync();
        await test.PublishAsync(60);
        var opts = new NatsJSConsumeOpts { MaxMsgs = 8, Expires = TimeSpan.FromSeconds(2) };

        var received = new List<string>();
        await foreach (NatsJSMsg msg in consumer.ConsumeAsync(opts, SharedNats.DeadlineToken()))
        {
            received.Add(msg.Msg.Text());
            await msg.AckAsync(new AckOpts { DoubleAck = received.Count == 60 });
            if (received.Count == 60)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(0, 60).Select(i => i.ToString()), received);
        await consumer.RefreshAsync();
        Assert.Equal(60UL, consumer.Info.AckFloor.StreamSeq);
        Assert.Equal(0, consumer.Info.NumAckPending);
        Assert.Equal(0UL, consumer.Info.NumPending);
    }

    [Fact]
    public async Task Consume_delivers_messages_published_after_it_started()
    {
        await using TestStream test = await TestStream.CreateAsync("consume");
        NatsJSConsumer consumer = await test.CreateConsumerAsync();
        var opts = new NatsJSConsumeOpts { MaxMsgs = 4, Expires = TimeSpan.FromSeconds(1) };
        await using IAsyncEnumerator<NatsJSMsg> messages = consumer.ConsumeAsync(opts, SharedNats.DeadlineToken()).GetAsyncEnumerator();
        ValueTask<bool> first = messages.MoveNextAsync();

        await test.PublishAsync(3);

        var received = new List<string>();
        Assert.True(await first);
        received.Add(messages.Current.Msg.Text());
        await messages.Current.AckAsync();
        while (received.Count < 3 && await messages.MoveNextAsync())
        {
            received.Add(messages.Current.Msg.Text());
            await messages.Current.AckAsync();
        }

        Assert.Equal(["0", "1", "2"], received);
    }

    [Fact]
    public async Task Consume_keeps_going_across_request_expiries()
    {
        await using TestStream test = await TestStream.CreateAsync("consume");
        NatsJSConsumer consumer = await test.CreateConsumerAsync();
        // Requests of 500 ms expire several times while the consumer waits for the second message.
        var opts = new NatsJSConsumeOpts { MaxMsgs = 2, Expires = TimeSpan.FromMilliseconds(500), IdleHeartbeat = TimeSpan.FromMilliseconds(200) };
        await test.PublishAsync(1);
        await using IAsyncEnumerator<NatsJSMsg> messages = consumer.ConsumeAsync(opts, SharedNats.DeadlineToken()).GetAsyncEnumerator();
        Assert.True(await messages.MoveNextAsync());
        await messages.Current.AckAsync();
        ValueTask<bool> second = messages.MoveNextAsync();

        var idle = Stopwatch.StartNew();
        await Eventually.UntilAsync(async () =>
        {
            await consumer.RefreshAsync();
            return idle.Elapsed > opts.Expires * 3 && consumer.Info.NumWaiting > 0;
        }, SharedNats.Deadline, "several requests expired and a fresh one is waiting");
        Assert.False(second.IsCompleted);
        await test.Js.PublishAsync(test.Subject(), "later".Utf8());

        Assert.True(await second);
        Assert.Equal("later", messages.Current.Msg.Text());
    }

    [Fact]
    public async Task Consume_loop_ends_when_the_connection_is_disposed()
    {
        await using TestStream test = await TestStream.CreateAsync("consume");
        NatsJSConsumer consumer = await test.CreateConsumerAsync();
        await using var connection = new NatsConnection(test.Connection.Opts);
        var js = new NatsJSContext(connection);
        NatsJSConsumer own = await js.GetConsumerAsync(test.Name, consumer.Info.Name);
        await test.PublishAsync(1);
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> consuming = Task.Run(async () =>
        {
            int count = 0;
            await foreach (NatsJSMsg msg in own.ConsumeAsync(new NatsJSConsumeOpts { MaxMsgs = 5 }))
            {
                count++;
                first.TrySetResult();
            }

            return count;
        });
        await first.Task.WaitAsync(SharedNats.Deadline);

        await connection.DisposeAsync();

        Assert.Equal(1, await consuming.WaitAsync(SharedNats.Deadline));
    }

    [Fact]
    public async Task Consumed_message_carries_its_metadata()
    {
        await using TestStream test = await TestStream.CreateAsync("meta");
        NatsJSConsumer consumer = await test.CreateConsumerAsync();
        DateTimeOffset before = DateTimeOffset.UtcNow.AddSeconds(-5);
        await test.PublishAsync(3);

        await using IAsyncEnumerator<NatsJSMsg> messages = consumer.ConsumeAsync(new NatsJSConsumeOpts { MaxMsgs = 1 }, SharedNats.DeadlineToken()).GetAsyncEnumerator();
        Assert.True(await messages.MoveNextAsync());

        NatsJSMsgMetadata metadata = messages.Current.Metadata!.Value;
        Assert.Equal(test.Name, metadata.Stream);
        Assert.Equal(consumer.Info.Name, metadata.Consumer);
        Assert.Equal(1UL, metadata.StreamSequence);
        Assert.Equal(1UL, metadata.ConsumerSequence);
        Assert.Equal(1UL, metadata.NumDelivered);
        Assert.Equal(2UL, metadata.NumPending);
        Assert.InRange(metadata.Timestamp, before, DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Null(metadata.Domain);
        Assert.Equal(test.Subject(), messages.Current.Subject);
    }
}
