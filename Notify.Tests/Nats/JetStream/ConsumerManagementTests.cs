using Notify.Nats.JetStream;
using Notify.Nats.JetStream.Models;

namespace Notify.Tests.Nats.JetStream;

public sealed class ConsumerManagementTests
{
    [Fact]
    public async Task Durable_consumer_is_created_with_its_config_and_read_back()
    {
        await using TestStream test = await TestStream.CreateAsync("cons");
        await test.PublishAsync(3);

        NatsJSConsumer created = await test.CreateConsumerAsync(c => c with
        {
            AckWait = TimeSpan.FromSeconds(7),
            MaxDeliver = 4,
            MaxAckPending = 50,
            FilterSubject = test.Subject(),
        });
        NatsJSConsumer read = await test.Js.GetConsumerAsync(test.Name, created.Info.Name);

        Assert.Equal(test.Name, read.Info.StreamName);
        Assert.Equal(created.Info.Name, read.Info.Name);
        Assert.Equal(created.Info.Name, read.Info.Config.DurableName);
        Assert.Equal(ConsumerConfigAckPolicy.Explicit, read.Info.Config.AckPolicy);
        Assert.Equal(TimeSpan.FromSeconds(7), read.Info.Config.AckWait);
        Assert.Equal(4, read.Info.Config.MaxDeliver);
        Assert.Equal(50, read.Info.Config.MaxAckPending);
        Assert.Equal(test.Subject(), read.Info.Config.FilterSubject);
        Assert.Equal(3UL, read.Info.NumPending);
    }

    [Fact]
    public async Task Creating_an_existing_consumer_again_updates_it()
    {
        await using TestStream test = await TestStream.CreateAsync("cons");
        NatsJSConsumer first = await test.CreateConsumerAsync(c => c with { AckWait = TimeSpan.FromSeconds(5) });

        NatsJSConsumer second = await test.Js.CreateOrUpdateConsumerAsync(test.Name, first.Info.Config with { AckWait = TimeSpan.FromSeconds(9) });

        Assert.Equal(first.Info.Name, second.Info.Name);
        Assert.Equal(TimeSpan.FromSeconds(9), (await test.Js.GetConsumerAsync(test.Name, first.Info.Name)).Info.Config.AckWait);
    }

    [Fact]
    public async Task Ephemeral_consumer_gets_a_server_made_name()
    {
        await using TestStream test = await TestStream.CreateAsync("cons");

        NatsJSConsumer consumer = await test.Js.CreateOrUpdateConsumerAsync(test.Name, new ConsumerConfig { InactiveThreshold = TimeSpan.FromSeconds(30) });

        Assert.False(string.IsNullOrEmpty(consumer.Info.Name));
        Assert.Null(consumer.Info.Config.DurableName);
    }

    [Fact]
    public async Task Deleted_consumer_is_gone()
    {
        await using TestStream test = await TestStream.CreateAsync("cons");
        NatsJSConsumer consumer = await test.CreateConsumerAsync();

        bool deleted = await test.Js.DeleteConsumerAsync(test.Name, consumer.Info.Name);

        Assert.True(deleted);
        var error = await Assert.ThrowsAsync<NatsJSApiException>(async () => await test.Js.GetConsumerAsync(test.Name, consumer.Info.Name));
        Assert.Equal(404, error.Error.Code);
        Assert.Equal(10014, error.Error.ErrCode);
    }

    [Fact]
    public async Task Consumer_on_a_missing_stream_is_refused_with_10059()
    {
        await using TestStream test = await TestStream.CreateAsync("cons");

        var error = await Assert.ThrowsAsync<NatsJSApiException>(async () =>
            await test.Js.CreateOrUpdateConsumerAsync(test.Name + "_missing", new ConsumerConfig("c")));

        Assert.Equal(10059, error.Error.ErrCode);
    }

    [Fact]
    public async Task Refreshed_consumer_info_shows_its_lag()
    {
        await using TestStream test = await TestStream.CreateAsync("cons");
        NatsJSConsumer consumer = await test.CreateConsumerAsync();
        await test.PublishAsync(5);

        await consumer.RefreshAsync();

        Assert.Equal(5UL, consumer.Info.NumPending);
        Assert.Equal(0, consumer.Info.NumAckPending);
    }
}
