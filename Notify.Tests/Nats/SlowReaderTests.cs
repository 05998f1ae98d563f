using Notify.Nats;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Nats;

public sealed class SlowReaderTests
{
    [Fact]
    public async Task Subscription_behind_by_more_than_its_capacity_drops_and_counts_the_newest()
    {
        await using NatsConnection connection = await SharedNats.ConnectAsync(NatsOpts.Default with { SubPendingChannelCapacity = 10 });
        string subject = TestNames.Unique("slow");
        await using NatsSubscription sub = await connection.SubscribeCoreAsync(subject);

        for (int i = 0; i < 30; i++)
        {
            await connection.PublishAsync(subject, i.ToString().Utf8());
        }

        await connection.FlushAsync();
        Assert.Equal(20, sub.Dropped);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString()), (await sub.NextAsync(10)).Select(m => m.Text()));
        await connection.PublishAsync(subject, "after catching up".Utf8());
        Assert.Equal("after catching up", (await sub.NextAsync()).Text());
    }

    [Fact]
    public async Task Messages_still_arriving_after_unsubscribe_are_not_counted_as_dropped()
    {
        await using NatsConnection publisher = await SharedNats.ConnectAsync();
        await using NatsConnection subscriber = await SharedNats.ConnectAsync();
        string subject = TestNames.Unique("late");
        NatsSubscription sub = await subscriber.SubscribeCoreAsync(subject);
        await subscriber.PingAsync();
        using var stop = new CancellationTokenSource();
        Task publishing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await publisher.PublishAsync(subject, new byte[1024]);
            }
        });
        await sub.NextAsync(100);

        // The stream is in full flow: the server keeps sending until it has read the UNSUB.
        await sub.UnsubscribeAsync();
        await subscriber.FlushAsync();
        await stop.CancelAsync();
        await publishing;

        Assert.Equal(0, sub.Dropped);
    }
}
