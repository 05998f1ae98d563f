using Notify.Core.Redis;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Redis;

public sealed class PubSubTests
{
    [Fact]
    public async Task Published_message_reaches_every_subscriber_of_the_channel()
    {
        await using RedisConnection subscriber = await SharedRedis.ConnectAsync();
        await using RedisConnection publisher = await SharedRedis.ConnectAsync();
        string channel = TestNames.Unique("invalidate");
        await using RedisSubscription first = await subscriber.SubscribeAsync(channel);
        await using RedisSubscription second = await subscriber.SubscribeAsync(channel);

        long receivers = await publisher.PublishAsync(channel, "template:order-ready");

        Assert.Equal(1, receivers); // one subscription socket, fanned out locally
        Assert.True(subscriber.IsSubscriberConnected);
        foreach (RedisSubscription subscription in new[] { first, second })
        {
            RedisChannelMessage message = await subscription.Messages.ReadAsync(SharedRedis.DeadlineToken());
            Assert.Equal(channel, message.Channel);
            Assert.Equal("template:order-ready", message.Text);
        }
    }

    [Fact]
    public async Task Messages_arrive_in_publish_order_as_an_async_stream()
    {
        await using RedisConnection redis = await SharedRedis.ConnectAsync();
        string channel = TestNames.Unique("ordered");
        await using RedisSubscription subscription = await redis.SubscribeAsync(channel);

        foreach (int i in Enumerable.Range(0, 100))
        {
            await redis.PublishAsync(channel, BitConverter.GetBytes(i));
        }

        var received = new List<int>();
        await foreach (RedisChannelMessage message in subscription.WithCancellation(SharedRedis.DeadlineToken()))
        {
            received.Add(BitConverter.ToInt32(message.Payload.Span));
            if (received.Count == 100)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(0, 100), received);
    }

    [Fact]
    public async Task Disposing_the_last_subscription_unsubscribes_and_ends_its_stream()
    {
        await using RedisConnection redis = await SharedRedis.ConnectAsync();
        string channel = TestNames.Unique("gone");
        RedisSubscription kept = await redis.SubscribeAsync(channel);
        RedisSubscription dropped = await redis.SubscribeAsync(channel);

        await dropped.DisposeAsync();
        Assert.Equal(1, await redis.PublishAsync(channel, "still here"));
        Assert.Equal("still here", (await kept.Messages.ReadAsync(SharedRedis.DeadlineToken())).Text);
        await kept.DisposeAsync();

        Assert.Equal(0, await redis.PublishAsync(channel, "nobody"));
        Assert.False(await kept.Messages.WaitToReadAsync(SharedRedis.DeadlineToken()));
        Assert.False(await dropped.Messages.WaitToReadAsync(SharedRedis.DeadlineToken()));
    }

    [Fact]
    public async Task Disposing_the_connection_ends_every_subscription_stream()
    {
        RedisConnection redis = await SharedRedis.ConnectAsync();
        RedisSubscription subscription = await redis.SubscribeAsync(TestNames.Unique("closing"));

        await redis.DisposeAsync();

        Assert.False(await subscription.Messages.WaitToReadAsync(SharedRedis.DeadlineToken()));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => redis.SubscribeAsync("after"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => redis.StringGetAsync("after"));
    }
}
