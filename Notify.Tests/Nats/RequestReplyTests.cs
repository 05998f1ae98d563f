using Notify.Nats;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Nats;

public sealed class RequestReplyTests
{
    [Fact]
    public async Task Request_gets_the_responders_reply_with_its_headers()
    {
        await using NatsConnection client = await SharedNats.ConnectAsync();
        await using NatsConnection server = await SharedNats.ConnectAsync();
        string subject = TestNames.Unique("echo");
        await using NatsSubscription responder = await server.SubscribeCoreAsync(subject);
        await server.PingAsync();
        Task responding = RespondAsync(responder, msg => msg.ReplyAsync($"echo {msg.Text()}".Utf8(), new NatsHeaders { ["Handled-By"] = "responder" }));

        NatsMsg reply = await client.RequestAsync(subject, "ping".Utf8());

        Assert.Equal("echo ping", reply.Text());
        Assert.Equal("responder", reply.Headers!["handled-by"]);
        await responder.UnsubscribeAsync();
        await responding.WaitAsync(SharedNats.Deadline);
    }

    [Fact]
    public async Task Concurrent_requests_each_get_their_own_reply()
    {
        await using NatsConnection connection = await SharedNats.ConnectAsync();
        string subject = TestNames.Unique("square");
        await using NatsSubscription responder = await connection.SubscribeCoreAsync(subject);
        Task responding = RespondAsync(responder, msg => msg.ReplyAsync((int.Parse(msg.Text()) * int.Parse(msg.Text())).ToString().Utf8()));

        string[] replies = await Task.WhenAll(Enumerable.Range(1, 50).Select(async i =>
            (await connection.RequestAsync(subject, i.ToString().Utf8())).Text()));

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (i * i).ToString()), replies);
        await responder.UnsubscribeAsync();
        await responding.WaitAsync(SharedNats.Deadline);
    }

    [Fact]
    public async Task Request_nobody_answers_times_out_with_NatsTimeoutException()
    {
        await using NatsConnection connection = await SharedNats.ConnectAsync();
        string subject = TestNames.Unique("mute");
        await using NatsSubscription mute = await connection.SubscribeCoreAsync(subject);

        var error = await Assert.ThrowsAsync<NatsTimeoutException>(async () =>
            await connection.RequestAsync(subject, "hello?".Utf8(), timeout: TimeSpan.FromMilliseconds(300)));

        Assert.Contains(subject, error.Message);
        Assert.Equal("hello?", (await mute.NextAsync()).Text());
    }

    [Fact]
    public async Task Request_to_a_subject_without_subscribers_fails_with_NatsNoRespondersException()
    {
        await using NatsConnection connection = await SharedNats.ConnectAsync();
        string subject = TestNames.Unique("nobody");

        var error = await Assert.ThrowsAsync<NatsNoRespondersException>(async () =>
            await connection.RequestAsync(subject, "hello?".Utf8(), timeout: TimeSpan.FromSeconds(30)));

        Assert.Equal(subject, error.Subject);
    }

    [Fact]
    public async Task Late_reply_after_a_timeout_does_not_disturb_the_next_request()
    {
        await using NatsConnection connection = await SharedNats.ConnectAsync();
        string subject = TestNames.Unique("late");
        await using NatsSubscription responder = await connection.SubscribeCoreAsync(subject);
        await Assert.ThrowsAsync<NatsTimeoutException>(async () =>
            await connection.RequestAsync(subject, "first".Utf8(), timeout: TimeSpan.FromMilliseconds(200)));
        NatsMsg first = await responder.NextAsync();
        await first.ReplyAsync("late answer to first".Utf8());

        Task<NatsMsg> second = connection.RequestAsync(subject, "second".Utf8()).AsTask();
        NatsMsg secondRequest = await responder.NextAsync();
        await secondRequest.ReplyAsync("answer to second".Utf8());

        Assert.Equal("answer to second", (await second).Text());
    }

    [Fact]
    public async Task Cancelled_request_throws_OperationCanceledException()
    {
        await using NatsConnection connection = await SharedNats.ConnectAsync();
        string subject = TestNames.Unique("cancel");
        await using NatsSubscription mute = await connection.SubscribeCoreAsync(subject);
        using var cancel = new CancellationTokenSource();

        Task<NatsMsg> request = connection.RequestAsync(subject, timeout: TimeSpan.FromMinutes(1), cancellationToken: cancel.Token).AsTask();
        await mute.NextAsync();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request.WaitAsync(SharedNats.Deadline));
    }

    private static async Task RespondAsync(NatsSubscription responder, Func<NatsMsg, ValueTask> reply)
    {
        await foreach (NatsMsg msg in responder.ReadAllAsync())
        {
            await reply(msg);
        }
    }
}
