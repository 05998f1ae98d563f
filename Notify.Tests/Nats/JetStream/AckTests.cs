using System.Diagnostics;
using Notify.Nats.JetStream;
using Notify.Nats.JetStream.Models;

namespace Notify.Tests.Nats.JetStream;

public sealed class AckTests
{
    private static readonly TimeSpan ShortAckWait = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Double_ack_returns_after_the_server_has_recorded_the_ack()
    {
        await using TestStream test = await TestStream.CreateAsync("ack");
        NatsJSConsumer consumer = await test.CreateConsumerAsync();
        await test.PublishAsync(1);
        NatsJSMsg msg = await NextAsync(consumer);

        await msg.AckAsync(new AckOpts { DoubleAck = true });

        ConsumerInfo info = (await test.Js.GetConsumerAsync(test.Name, consumer.Info.Name)).Info;
        Assert.Equal(0, info.NumAckPending);
        Assert.Equal(1UL, info.AckFloor.StreamSeq);
    }

    [Fact]
    public async Task Acked_message_on_a_workqueue_stream_is_removed()
    {
        await using TestStream test = await TestStream.CreateAsync("wq", c => c with { Retention = StreamConfigRetention.Workqueue });
        NatsJSConsumer consumer = await test.CreateConsumerAsync();
        await test.PublishAsync(2);
        NatsJSMsg msg = await NextAsync(consumer);

        await msg.AckAsync(new AckOpts { DoubleAck = true });

        await test.Stream.RefreshAsync();
        Assert.Equal(1UL, test.Stream.Info.State.Messages);
        Assert.Equal(2UL, test.Stream.Info.State.FirstSeq);
    }

    [Fact]
    public async Task Nak_redelivers_at_once_with_the_delivered_count_incremented()
    {
        await using TestStream test = await TestStream.CreateAsync("nak");
        NatsJSConsumer consumer = await test.CreateConsumerAsync();
        await test.PublishAsync(1);
        NatsJSMsg first = await NextAsync(consumer);

        await first.NakAsync(new AckOpts { DoubleAck = true });

        NatsJSMsg again = await NextAsync(consumer);
        Assert.Equal(first.Metadata!.Value.StreamSequence, again.Metadata!.Value.StreamSequence);
        Assert.Equal(1UL, first.Metadata.Value.NumDelivered);
        Assert.Equal(2UL, again.Metadata.Value.NumDelivered);
        Assert.Equal("0", again.Msg.Text());
    }

    [Fact]
    public async Task Nak_with_delay_redelivers_no_sooner_than_the_delay()
    {
        await using TestStream test = await TestStream.CreateAsync("nakdelay");
        NatsJSConsumer consumer = await test.CreateConsumerAsync(c => c with { AckWait = TimeSpan.FromSeconds(30) });
        await test.PublishAsync(1);
        NatsJSMsg first = await NextAsync(consumer);
        var delay = TimeSpan.FromSeconds(1);

        var clock = Stopwatch.StartNew();
        await first.NakAsync(new AckOpts { NakDelay = delay, DoubleAck = true });
        NatsJSMsg again = await NextAsync(consumer);

        Assert.InRange(clock.Elapsed, delay * 0.9, delay + TimeSpan.FromSeconds(4));
        Assert.Equal(first.Metadata!.Value.StreamSequence, again.Metadata!.Value.StreamSequence);
        Assert.Equal(2UL, again.Metadata.Value.NumDelivered);
    }

    [Fact]
    public async Task Unacked_message_is_redelivered_after_ack_wait()
    {
        await using TestStream test = await TestStream.CreateAsync("ackwait");
        NatsJSConsumer consumer = await test.CreateConsumerAsync(c => c with { AckWait = ShortAckWait });
        await test.PublishAsync(1);

        var clock = Stopwatch.StartNew();
        NatsJSMsg first = await NextAsync(consumer);
        NatsJSMsg again = await NextAsync(consumer);

        Assert.InRange(clock.Elapsed, ShortAckWait * 0.9, ShortAckWait + TimeSpan.FromSeconds(4));
        Assert.Equal(first.Metadata!.Value.StreamSequence, again.Metadata!.Value.StreamSequence);
        Assert.Equal(2UL, again.Metadata.Value.NumDelivered);
    }

    [Fact]
    public async Task AckProgress_keeps_a_message_from_redelivery_past_ack_wait()
    {
        await using TestStream test = await TestStream.CreateAsync("wpi");
        var ackWait = TimeSpan.FromSeconds(1.5);
        NatsJSConsumer consumer = await test.CreateConsumerAsync(c => c with { AckWait = ackWait });
        await test.PublishAsync(1);
        NatsJSMsg msg = await NextAsync(consumer);
        using var working = new CancellationTokenSource();
        Task progress = ReportProgressAsync(msg, ackWait / 6, working.Token);

        // Held for twice the ack wait: without +WPI it would come back within the first.
        NatsJSMsg? redelivered = await consumer.NextAsync(ackWait * 2, SharedNats.DeadlineToken());
        await working.CancelAsync();
        await progress;
        await msg.AckAsync(new AckOpts { DoubleAck = true });

        Assert.Null(redelivered);
        ConsumerInfo info = (await test.Js.GetConsumerAsync(test.Name, consumer.Info.Name)).Info;
        Assert.Equal(0, info.NumAckPending);
        Assert.Equal(0, info.NumRedelivered);
    }

    [Fact]
    public async Task AckTerminate_stops_redelivery()
    {
        await using TestStream test = await TestStream.CreateAsync("term");
        NatsJSConsumer consumer = await test.CreateConsumerAsync(c => c with { AckWait = ShortAckWait / 2 });
        await test.PublishAsync(1);
        NatsJSMsg msg = await NextAsync(consumer);

        await msg.AckTerminateAsync(new AckOpts { DoubleAck = true });

        Assert.Equal(0, (await test.Js.GetConsumerAsync(test.Name, consumer.Info.Name)).Info.NumAckPending);
        Assert.Null(await consumer.NextAsync(ShortAckWait * 1.5, SharedNats.DeadlineToken()));
        await test.Stream.RefreshAsync();
        Assert.Equal(1UL, test.Stream.Info.State.Messages);
    }

    [Fact]
    public async Task AckTerminate_on_a_workqueue_stream_deletes_the_message()
    {
        await using TestStream test = await TestStream.CreateAsync("wqterm", c => c with { Retention = StreamConfigRetention.Workqueue });
        NatsJSConsumer consumer = await test.CreateConsumerAsync();
        await test.PublishAsync(1);
        NatsJSMsg msg = await NextAsync(consumer);

        await msg.AckTerminateAsync(new AckOpts { DoubleAck = true });

        await test.Stream.RefreshAsync();
        Assert.Equal(0UL, test.Stream.Info.State.Messages);
    }

    private static async Task<NatsJSMsg> NextAsync(NatsJSConsumer consumer) =>
        await consumer.NextAsync(TimeSpan.FromSeconds(8), SharedNats.DeadlineToken())
        ?? throw new Xunit.Sdk.XunitException("no message within 8 s");

    private static async Task ReportProgressAsync(NatsJSMsg msg, TimeSpan every, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await msg.AckProgressAsync(cancellationToken: cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the work is done
        }
    }
}
