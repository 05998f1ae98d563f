using Notify.Nats;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Nats;

public sealed class ReconnectTests(NatsServerFixture fixture) : IClassFixture<NatsServerFixture>
{
    private static readonly TimeSpan RestartDeadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Killed_server_restarted_on_the_same_port_is_reconnected_to_and_subscriptions_resume()
    {
        await using var connection = new NatsConnection(FastReconnect(fixture.Server.ConnectionString!));
        var events = new ConnectionEvents(connection);
        await connection.ConnectAsync();
        string subject = TestNames.Unique("resub");
        await using NatsSubscription sub = await connection.SubscribeCoreAsync(subject);
        await connection.PingAsync();

        try
        {
            await fixture.Server.KillAsync();
            await Eventually.UntilAsync(() => events.Count("failed") > 0, RestartDeadline, "a reconnect attempt fails while the server is down");
            Assert.Equal(NatsConnectionState.Reconnecting, connection.ConnectionState);
        }
        finally
        {
            await fixture.Server.StartAsync();
        }

        await Eventually.UntilAsync(() => events.Count("opened") == 2, RestartDeadline, "the connection reopens by itself");
        Assert.Equal(NatsConnectionState.Open, connection.ConnectionState);
        Assert.Equal(["opened", "disconnected", "failed", "opened"], events.Names);
        Assert.IsAssignableFrom<Exception>(events.FirstError("disconnected"));
        await using NatsConnection publisher = new(FastReconnect(fixture.Server.ConnectionString!));
        await publisher.PublishAsync(subject, "after restart".Utf8());
        Assert.Equal("after restart", (await sub.NextAsync()).Text());
    }

    [Fact]
    public async Task Publishes_made_while_reconnecting_are_sent_after_the_reconnect()
    {
        await using var connection = new NatsConnection(FastReconnect(fixture.Server.ConnectionString!));
        var events = new ConnectionEvents(connection);
        await connection.ConnectAsync();
        string subject = TestNames.Unique("buffered");
        await using NatsSubscription sub = await connection.SubscribeCoreAsync(subject);

        try
        {
            await fixture.Server.KillAsync();
            await Eventually.UntilAsync(() => connection.ConnectionState == NatsConnectionState.Reconnecting, RestartDeadline);
            for (int i = 0; i < 3; i++)
            {
                await connection.PublishAsync(subject, $"while down {i}".Utf8());
            }
        }
        finally
        {
            await fixture.Server.StartAsync();
        }

        List<NatsMsg> msgs = await sub.NextAsync(3);
        Assert.Equal(["while down 0", "while down 1", "while down 2"], msgs.Select(m => m.Text()));
        Assert.Equal(2, events.Count("opened"));
    }

    [Fact]
    public async Task Request_made_after_a_reconnect_gets_its_reply()
    {
        await using var connection = new NatsConnection(FastReconnect(fixture.Server.ConnectionString!));
        var events = new ConnectionEvents(connection);
        string subject = TestNames.Unique("rr");
        await using NatsSubscription responder = await connection.SubscribeCoreAsync(subject);
        Task responding = Task.Run(async () =>
        {
            await foreach (NatsMsg msg in responder.ReadAllAsync())
            {
                await msg.ReplyAsync($"re: {msg.Text()}".Utf8());
            }
        });
        Assert.Equal("re: before", (await connection.RequestAsync(subject, "before".Utf8())).Text());

        await fixture.Server.KillAsync();
        await fixture.Server.StartAsync();
        await Eventually.UntilAsync(() => events.Count("opened") == 2, RestartDeadline, "the connection reopens by itself");

        Assert.Equal("re: after", (await connection.RequestAsync(subject, "after".Utf8())).Text());
        await responder.UnsubscribeAsync();
        await responding.WaitAsync(SharedNats.Deadline);
    }

    [Fact]
    public async Task Connection_that_runs_out_of_reconnect_attempts_closes_and_ends_its_subscriptions()
    {
        await using var connection = new NatsConnection(FastReconnect(fixture.Server.ConnectionString!) with { MaxReconnectRetry = 2 });
        var events = new ConnectionEvents(connection);
        await connection.ConnectAsync();
        await using NatsSubscription sub = await connection.SubscribeCoreAsync(TestNames.Unique("giveup"));

        try
        {
            await fixture.Server.KillAsync();
            await Eventually.UntilAsync(() => connection.ConnectionState == NatsConnectionState.Closed, RestartDeadline, "the client gives up");
        }
        finally
        {
            await fixture.Server.StartAsync();
        }

        Assert.Equal(3, events.Count("failed"));
        await Assert.ThrowsAsync<NatsConnectionException>(async () => await sub.Msgs.Completion);
    }

    [Fact]
    public async Task First_connect_to_a_server_that_is_down_fails_with_NatsConnectionException()
    {
        await using var connection = new NatsConnection(FastReconnect(fixture.Server.ConnectionString!));
        await fixture.Server.StopAsync();
        try
        {
            await Assert.ThrowsAsync<NatsConnectionException>(async () => await connection.ConnectAsync());

            Assert.Equal(NatsConnectionState.Closed, connection.ConnectionState);
        }
        finally
        {
            await fixture.Server.StartAsync();
        }
    }

    [Fact]
    public async Task First_connect_with_RetryOnInitialConnect_waits_for_the_server_to_come_up()
    {
        await using var connection = new NatsConnection(FastReconnect(fixture.Server.ConnectionString!) with { RetryOnInitialConnect = true });
        var events = new ConnectionEvents(connection);
        await fixture.Server.StopAsync();
        Task connecting;
        try
        {
            connecting = connection.ConnectAsync().AsTask();
            Assert.False(connecting.IsCompleted);
        }
        finally
        {
            await fixture.Server.StartAsync();
        }

        await connecting.WaitAsync(RestartDeadline);
        Assert.Equal(NatsConnectionState.Open, connection.ConnectionState);
        Assert.Equal(1, events.Count("opened"));
    }

    internal static NatsOpts FastReconnect(string url) => NatsOpts.Default with
    {
        Url = url,
        ReconnectWaitMin = TimeSpan.FromMilliseconds(50),
        ReconnectWaitMax = TimeSpan.FromMilliseconds(250),
        ConnectTimeout = TimeSpan.FromSeconds(2),
    };
}
