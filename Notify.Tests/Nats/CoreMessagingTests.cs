using Notify.AppHost.Hosting;
using Notify.Nats;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Nats;

// Asserts exact headers and sizes on the wire: run apart from the hosts of other test classes, whose OpenTelemetry
// listens on NATS.Net and so adds a traceparent header to every publish in the process.
[Collection(nameof(TelemetryCollection))]
public sealed class CoreMessagingTests
{
    [Fact]
    public async Task Published_message_reaches_a_subscriber_on_another_connection()
    {
        await using NatsConnection publisher = await SharedNats.ConnectAsync();
        await using NatsConnection subscriber = await SharedNats.ConnectAsync();
        string subject = TestNames.Unique("core");
        await using NatsSubscription sub = await subscriber.SubscribeCoreAsync(subject);
        await subscriber.PingAsync();

        await publisher.PublishAsync(subject, "hello".Utf8());

        NatsMsg msg = await sub.NextAsync();
        Assert.Equal(subject, msg.Subject);
        Assert.Equal("hello", msg.Text());
        Assert.Null(msg.ReplyTo);
        Assert.Null(msg.Headers);
    }

    [Fact]
    public async Task Messages_from_one_publisher_arrive_in_publish_order()
    {
        await using NatsConnection connection = await SharedNats.ConnectAsync();
        string subject = TestNames.Unique("order");
        await using NatsSubscription sub = await connection.SubscribeCoreAsync(subject);

        for (int i = 0; i < 200; i++)
        {
            await connection.PublishAsync(subject, i.ToString().Utf8());
        }

        List<NatsMsg> msgs = await sub.NextAsync(200);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => i.ToString()), msgs.Select(m => m.Text()));
    }

    [Fact]
    public async Task Wildcard_subscriptions_match_by_token()
    {
        await using NatsConnection connection = await SharedNats.ConnectAsync();
        string root = TestNames.Unique("wild");
        await using NatsSubscription oneToken = await connection.SubscribeCoreAsync($"{root}.*.created");
        await using NatsSubscription anyTail = await connection.SubscribeCoreAsync($"{root}.>");

        await connection.PublishAsync($"{root}.order.created", "1".Utf8());
        await connection.PublishAsync($"{root}.order.line.created", "2".Utf8());
        await connection.FlushAsync();

        Assert.Equal(["1"], (await oneToken.NextAsync(1)).Select(m => m.Text()));
        Assert.False(oneToken.Msgs.TryRead(out _));
        Assert.Equal(["1", "2"], (await anyTail.NextAsync(2)).Select(m => m.Text()));
    }

    [Fact]
    public async Task Queue_group_members_share_the_messages_each_delivered_once()
    {
        await using NatsConnection publisher = await SharedNats.ConnectAsync();
        await using NatsConnection first = await SharedNats.ConnectAsync();
        await using NatsConnection second = await SharedNats.ConnectAsync();
        string subject = TestNames.Unique("queue");
        await using NatsSubscription a = await first.SubscribeCoreAsync(subject, queueGroup: "workers");
        await using NatsSubscription b = await second.SubscribeCoreAsync(subject, queueGroup: "workers");
        await first.PingAsync();
        await second.PingAsync();

        for (int i = 0; i < 40; i++)
        {
            await publisher.PublishAsync(subject, i.ToString().Utf8());
        }

        await publisher.FlushAsync();
        await first.FlushAsync();
        await second.FlushAsync();
        List<string> fromA = Drain(a);
        List<string> fromB = Drain(b);
        Assert.NotEmpty(fromA);
        Assert.NotEmpty(fromB);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => i.ToString()).Order(), fromA.Concat(fromB).Order());
    }

    [Fact]
    public async Task Headers_round_trip_with_repeated_keys_and_case_insensitive_lookup()
    {
        await using NatsConnection connection = await SharedNats.ConnectAsync();
        string subject = TestNames.Unique("headers");
        await using NatsSubscription sub = await connection.SubscribeCoreAsync(subject);
        var headers = new NatsHeaders();
        headers.Add("X-Tenant", "acme");
        headers.Add("X-Route", "sms");
        headers.Add("X-Route", "email");
        headers.Add("X-Url", "https://example.org:8443/a?b=c");

        await connection.PublishAsync(subject, "body".Utf8(), headers);

        NatsMsg msg = await sub.NextAsync();
        Assert.NotNull(msg.Headers);
        Assert.Equal(0, msg.Headers.Code);
        Assert.False(msg.HasStatus);
        Assert.Equal("acme", msg.Headers["x-tenant"]);
        Assert.Equal(["sms", "email"], msg.Headers.GetValues("X-ROUTE"));
        Assert.Equal("https://example.org:8443/a?b=c", msg.Headers["X-Url"]);
        Assert.Contains(msg.Headers, h => h.Key == "X-Tenant");
        Assert.Equal("body", msg.Text());
    }

    [Fact]
    public async Task Message_with_headers_and_an_empty_payload_arrives_with_its_headers()
    {
        await using NatsConnection connection = await SharedNats.ConnectAsync();
        string subject = TestNames.Unique("empty");
        await using NatsSubscription sub = await connection.SubscribeCoreAsync(subject);

        await connection.PublishAsync(subject, headers: new NatsHeaders { ["Kind"] = "marker" });

        NatsMsg msg = await sub.NextAsync();
        Assert.Equal("marker", msg.Headers!["kind"]);
        Assert.True(msg.Data.IsEmpty);
    }

    [Fact]
    public async Task Connection_without_echo_does_not_receive_its_own_publishes()
    {
        await using NatsConnection quiet = await SharedNats.ConnectAsync(NatsOpts.Default with { Echo = false });
        await using NatsConnection other = await SharedNats.ConnectAsync();
        string subject = TestNames.Unique("echo");
        await using NatsSubscription sub = await quiet.SubscribeCoreAsync(subject);
        await quiet.PingAsync();

        await quiet.PublishAsync(subject, "own".Utf8());
        await other.PublishAsync(subject, "other".Utf8());

        Assert.Equal("other", (await sub.NextAsync()).Text());
        await quiet.FlushAsync();
        Assert.False(sub.Msgs.TryRead(out _));
    }

    [Fact]
    public async Task Reply_to_a_message_without_reply_subject_is_refused()
    {
        await using NatsConnection connection = await SharedNats.ConnectAsync();
        string subject = TestNames.Unique("noreply");
        await using NatsSubscription sub = await connection.SubscribeCoreAsync(subject);
        await connection.PublishAsync(subject, "fire and forget".Utf8());
        NatsMsg msg = await sub.NextAsync();

        Assert.Throws<InvalidOperationException>(() => msg.ReplyAsync("x".Utf8()));
    }

    [Fact]
    public async Task Ping_measures_a_round_trip()
    {
        await using NatsConnection connection = await SharedNats.ConnectAsync();

        TimeSpan rtt = await connection.PingAsync();

        Assert.True(rtt > TimeSpan.Zero);
        Assert.Equal(NatsConnectionState.Open, connection.ConnectionState);
    }

    [Fact]
    public async Task Flush_returns_after_the_server_has_processed_earlier_publishes()
    {
        await using NatsConnection connection = await SharedNats.ConnectAsync();
        string subject = TestNames.Unique("flush");
        await using NatsSubscription sub = await connection.SubscribeCoreAsync(subject);

        for (int i = 0; i < 10; i++)
        {
            await connection.PublishAsync(subject, i.ToString().Utf8());
        }

        await connection.FlushAsync();

        // The server answers PING after delivering what came before it, on the same socket, in order.
        Assert.Equal(10, Drain(sub).Count);
    }

    [Fact]
    public async Task Connection_connects_on_first_use_without_ConnectAsync()
    {
        InfrastructureHost host = await SharedInfrastructure.GetAsync();
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = host.Nats.ConnectionString });
        Assert.Equal(NatsConnectionState.Closed, connection.ConnectionState);

        await connection.PublishAsync(TestNames.Unique("lazy"), "x".Utf8());

        Assert.Equal(NatsConnectionState.Open, connection.ConnectionState);
        Assert.NotNull(connection.ServerInfo);
        Assert.True(connection.ServerInfo.JetStream);
    }

    [Fact]
    public async Task Unsubscribe_ends_the_subscription_and_removes_the_servers_interest()
    {
        await using NatsConnection connection = await SharedNats.ConnectAsync();
        string subject = TestNames.Unique("unsub");
        NatsSubscription sub = await connection.SubscribeCoreAsync(subject);
        await connection.PublishAsync(subject, "before".Utf8());
        await connection.FlushAsync();

        await sub.UnsubscribeAsync();
        await connection.PublishAsync(subject, "after".Utf8());
        await connection.FlushAsync();

        Assert.Equal(["before"], (await sub.ReadToEndAsync()).Select(m => m.Text()));
        await Assert.ThrowsAsync<NatsNoRespondersException>(async () => await connection.RequestAsync(subject, "anyone?".Utf8()));
    }

    [Fact]
    public async Task Leaving_a_SubscribeAsync_loop_unsubscribes()
    {
        await using NatsConnection connection = await SharedNats.ConnectAsync();
        string subject = TestNames.Unique("loop");
        Task<string> firstMessage = Task.Run(async () =>
        {
            await foreach (NatsMsg msg in connection.SubscribeAsync(subject, cancellationToken: SharedNats.DeadlineToken()))
            {
                return msg.Text();
            }

            return "ended without a message";
        });
        await Eventually.UntilAsync(async () =>
        {
            try
            {
                await connection.RequestAsync(subject, timeout: TimeSpan.FromMilliseconds(100));
            }
            catch (NatsNoRespondersException)
            {
                return false;
            }
            catch (NatsTimeoutException)
            {
                // subscribed, and the loop read the request as its first message
            }

            return true;
        }, SharedNats.Deadline, "the loop's subscription reaches the server");

        Assert.Equal("", await firstMessage.WaitAsync(SharedNats.Deadline));
        await connection.FlushAsync();
        await Assert.ThrowsAsync<NatsNoRespondersException>(async () => await connection.RequestAsync(subject));
    }

    [Fact]
    public async Task Drain_delivers_what_was_in_flight_then_ends_subscriptions_and_closes()
    {
        await using NatsConnection publisher = await SharedNats.ConnectAsync();
        NatsConnection subscriber = await SharedNats.ConnectAsync();
        string subject = TestNames.Unique("drain");
        NatsSubscription sub = await subscriber.SubscribeCoreAsync(subject);
        await subscriber.PingAsync();
        for (int i = 0; i < 100; i++)
        {
            await publisher.PublishAsync(subject, i.ToString().Utf8());
        }

        await publisher.FlushAsync();

        await subscriber.DrainAsync();

        List<NatsMsg> msgs = await sub.ReadToEndAsync();
        Assert.Equal(Enumerable.Range(0, 100).Select(i => i.ToString()), msgs.Select(m => m.Text()));
        Assert.Equal(NatsConnectionState.Closed, subscriber.ConnectionState);
        await Assert.ThrowsAsync<NatsNoRespondersException>(async () => await publisher.RequestAsync(subject));
    }

    [Fact]
    public async Task Dispose_ends_subscriptions_and_SubscribeAsync_loops()
    {
        NatsConnection connection = await SharedNats.ConnectAsync();
        string subject = TestNames.Unique("dispose");
        NatsSubscription sub = await connection.SubscribeCoreAsync(subject);
        var loopSubscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> loop = Task.Run(async () =>
        {
            int count = 0;
            await using NatsSubscription inner = await connection.SubscribeCoreAsync(subject);
            loopSubscribed.SetResult();
            await foreach (NatsMsg _ in inner.ReadAllAsync())
            {
                count++;
            }

            return count;
        });
        await loopSubscribed.Task.WaitAsync(SharedNats.Deadline);

        await connection.DisposeAsync();

        Assert.Empty(await sub.ReadToEndAsync());
        Assert.Equal(0, await loop.WaitAsync(SharedNats.Deadline));
        Assert.Equal(NatsConnectionState.Closed, connection.ConnectionState);
    }

    [Fact]
    public async Task Dispose_fails_a_waiting_request_at_once()
    {
        NatsConnection connection = await SharedNats.ConnectAsync();
        string subject = TestNames.Unique("silent");
        await using NatsSubscription silent = await connection.SubscribeCoreAsync(subject);
        Task<NatsMsg> request = connection.RequestAsync(subject, timeout: TimeSpan.FromMinutes(1)).AsTask();
        await silent.NextAsync();

        await connection.DisposeAsync();

        await Assert.ThrowsAsync<NatsConnectionException>(() => request.WaitAsync(SharedNats.Deadline));
    }

    [Fact]
    public async Task Disposed_connection_refuses_new_work()
    {
        NatsConnection connection = await SharedNats.ConnectAsync();

        await connection.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await connection.PublishAsync(TestNames.Unique("late"), "x".Utf8()));
    }

    [Fact]
    public async Task NewInbox_gives_unique_subjects_under_the_inbox_prefix()
    {
        await using var connection = new NatsConnection(NatsOpts.Default with { InboxPrefix = "_TEST_INBOX" });

        string[] inboxes = Enumerable.Range(0, 1000).Select(_ => connection.NewInbox()).ToArray();

        Assert.All(inboxes, inbox => Assert.StartsWith("_TEST_INBOX.", inbox));
        Assert.Equal(inboxes.Length, inboxes.Distinct().Count());
    }

    private static List<string> Drain(NatsSubscription sub)
    {
        var texts = new List<string>();
        while (sub.Msgs.TryRead(out NatsMsg msg))
        {
            texts.Add(msg.Text());
        }

        return texts;
    }
}
