using System.Diagnostics;
using Notify.Nats.JetStream;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Nats.JetStream;

public sealed class FetchTests
{
    [Fact]
    public async Task Fetch_returns_at_most_the_batch_in_stream_order()
    {
        await using TestStream test = await TestStream.CreateAsync("fetch");
        NatsJSConsumer consumer = await test.CreateConsumerAsync();
        await test.PublishAsync(5);

        List<NatsJSMsg> first = await FetchAllAsync(consumer, new NatsJSFetchOpts { MaxMsgs = 3, Expires = TimeSpan.FromSeconds(5) });
        List<NatsJSMsg> rest = await FetchAllAsync(consumer, new NatsJSFetchOpts { MaxMsgs = 10, Expires = TimeSpan.FromMilliseconds(500) });

        Assert.Equal(["0", "1", "2"], first.Select(m => m.Msg.Text()));
        Assert.Equal(["3", "4"], rest.Select(m => m.Msg.Text()));
        Assert.Equal([4UL, 5UL], rest.Select(m => m.Metadata!.Value.StreamSequence));
    }

    [Fact]
    public async Task Fetch_of_a_full_batch_returns_without_waiting_for_the_expiry()
    {
        await using TestStream test = await TestStream.CreateAsync("fetch");
        NatsJSConsumer consumer = await test.CreateConsumerAsync();
        await test.PublishAsync(3);

        using var withinExpiry = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        List<NatsJSMsg> msgs = await FetchAllAsync(consumer, new NatsJSFetchOpts { MaxMsgs = 3, Expires = TimeSpan.FromSeconds(30) }, withinExpiry.Token);

        Assert.Equal(3, msgs.Count);
    }

    [Fact]
    public async Task Fetch_on_an_empty_consumer_ends_quietly_when_the_request_expires()
    {
        await using TestStream test = await TestStream.CreateAsync("fetch");
        NatsJSConsumer consumer = await test.CreateConsumerAsync();
        var expires = TimeSpan.FromMilliseconds(500);

        var clock = Stopwatch.StartNew();
        List<NatsJSMsg> msgs = await FetchAllAsync(consumer, new NatsJSFetchOpts { MaxMsgs = 10, Expires = expires });

        Assert.Empty(msgs);
        // The server's 408 ends it at the expiry, well before the client's own fallback of expiry + request timeout.
        Assert.InRange(clock.Elapsed, expires * 0.8, expires + TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Fetch_with_idle_heartbeats_on_an_empty_consumer_ends_cleanly_at_expiry()
    {
        await using TestStream test = await TestStream.CreateAsync("fetch");
        NatsJSConsumer consumer = await test.CreateConsumerAsync();
        var opts = new NatsJSFetchOpts { MaxMsgs = 10, Expires = TimeSpan.FromSeconds(3), IdleHeartbeat = TimeSpan.FromMilliseconds(500) };

        var clock = Stopwatch.StartNew();
        List<NatsJSMsg> msgs = await FetchAllAsync(consumer, opts);

        Assert.Empty(msgs);
        // Heartbeats kept the request alive to its expiry: silence would have ended it after two missed beats.
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(6));
    }

    [Fact]
    public async Task Fetch_with_idle_heartbeats_delivers_a_message_published_while_it_waits()
    {
        await using TestStream test = await TestStream.CreateAsync("fetch");
        NatsJSConsumer consumer = await test.CreateConsumerAsync();
        var opts = new NatsJSFetchOpts { MaxMsgs = 1, Expires = TimeSpan.FromSeconds(5), IdleHeartbeat = TimeSpan.FromMilliseconds(500) };

        Task<List<NatsJSMsg>> fetch = FetchAllAsync(consumer, opts);
        await Eventually.UntilAsync(async () =>
        {
            await consumer.RefreshAsync();
            return consumer.Info.NumWaiting > 0;
        }, SharedNats.Deadline, "the pull request is waiting on the server");
        await test.PublishAsync(1);

        Assert.Equal(["0"], (await fetch.WaitAsync(SharedNats.Deadline)).Select(m => m.Msg.Text()));
    }

    [Fact]
    public async Task FetchNoWait_on_an_empty_consumer_ends_at_once()
    {
        await using TestStream test = await TestStream.CreateAsync("nowait");
        NatsJSConsumer consumer = await test.CreateConsumerAsync();

        // The default expiry is 30 s: anything but the server's immediate 404 would run into the deadline.
        List<NatsJSMsg> msgs = await CollectAsync(consumer.FetchNoWaitAsync(new NatsJSFetchOpts { MaxMsgs = 10 }, SharedNats.DeadlineToken()));

        Assert.Empty(msgs);
    }

    [Fact]
    public async Task FetchNoWait_returns_what_is_there_without_waiting_for_more()
    {
        await using TestStream test = await TestStream.CreateAsync("nowait");
        NatsJSConsumer consumer = await test.CreateConsumerAsync();
        await test.PublishAsync(3);

        List<NatsJSMsg> msgs = await CollectAsync(consumer.FetchNoWaitAsync(new NatsJSFetchOpts { MaxMsgs = 10 }, SharedNats.DeadlineToken()));

        Assert.Equal(["0", "1", "2"], msgs.Select(m => m.Msg.Text()));
    }

    [Fact]
    public async Task Next_returns_the_next_message()
    {
        await using TestStream test = await TestStream.CreateAsync("next");
        NatsJSConsumer consumer = await test.CreateConsumerAsync();
        await test.PublishAsync(2);

        NatsJSMsg? first = await consumer.NextAsync(TimeSpan.FromSeconds(5));
        NatsJSMsg? second = await consumer.NextAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("0", first?.Msg.Text());
        Assert.Equal("1", second?.Msg.Text());
    }

    [Fact]
    public async Task Next_returns_null_when_nothing_arrives_before_expiry()
    {
        await using TestStream test = await TestStream.CreateAsync("next");
        NatsJSConsumer consumer = await test.CreateConsumerAsync();

        NatsJSMsg? msg = await consumer.NextAsync(TimeSpan.FromMilliseconds(300), SharedNats.DeadlineToken());

        Assert.Null(msg);
    }

    [Fact]
    public async Task Fetch_waiting_on_a_consumer_that_is_deleted_fails_with_a_JetStream_error()
    {
        await using TestStream test = await TestStream.CreateAsync("fetch");
        NatsJSConsumer consumer = await test.CreateConsumerAsync();
        Task<List<NatsJSMsg>> fetch = FetchAllAsync(consumer, new NatsJSFetchOpts { MaxMsgs = 1, Expires = TimeSpan.FromSeconds(30) }, SharedNats.DeadlineToken());
        await Eventually.UntilAsync(async () =>
        {
            await consumer.RefreshAsync();
            return consumer.Info.NumWaiting > 0;
        }, SharedNats.Deadline, "the pull request is waiting on the server");

        await test.Js.DeleteConsumerAsync(test.Name, consumer.Info.Name);

        var error = await Assert.ThrowsAsync<NatsJSException>(() => fetch);
        Assert.Contains("Consumer Deleted", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    internal static Task<List<NatsJSMsg>> FetchAllAsync(NatsJSConsumer consumer, NatsJSFetchOpts opts, CancellationToken cancellationToken = default) =>
        CollectAsync(consumer.FetchAsync(opts, cancellationToken));

    private static async Task<List<NatsJSMsg>> CollectAsync(IAsyncEnumerable<NatsJSMsg> msgs)
    {
        var list = new List<NatsJSMsg>();
        await foreach (NatsJSMsg msg in msgs)
        {
            list.Add(msg);
        }

        return list;
    }
}
