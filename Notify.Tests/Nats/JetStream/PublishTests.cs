using System.Threading.Channels;
using Notify.Nats;
using Notify.Nats.JetStream;
using Notify.Nats.JetStream.Models;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Nats.JetStream;

public sealed class PublishTests
{
    [Fact]
    public async Task Publish_is_acknowledged_with_the_stream_and_the_next_sequence()
    {
        await using TestStream test = await TestStream.CreateAsync("pub");

        PubAckResponse first = await test.Js.PublishAsync(test.Subject(), "a".Utf8());
        PubAckResponse second = await test.Js.PublishAsync(test.Subject("other"), "b".Utf8());

        Assert.Equal(test.Name, first.Stream);
        Assert.Equal(1UL, first.Seq);
        Assert.Equal(2UL, second.Seq);
        Assert.False(first.Duplicate);
        Assert.Null(first.Error);
        Assert.Same(first, first.EnsureSuccess());
    }

    [Fact]
    public async Task Duplicate_msg_id_is_reported_not_stored_twice()
    {
        await using TestStream test = await TestStream.CreateAsync("dedup");
        var opts = new NatsJSPubOpts { MsgId = "order-42" };
        PubAckResponse original = await test.Js.PublishAsync(test.Subject(), "first".Utf8(), opts);
        await test.Js.PublishAsync(test.Subject(), "between".Utf8());

        PubAckResponse repeat = await test.Js.PublishAsync(test.Subject(), "second".Utf8(), opts);

        Assert.False(original.Duplicate);
        Assert.True(repeat.Duplicate);
        Assert.Equal(original.Seq, repeat.Seq);
        Assert.Null(repeat.Error);
        await test.Stream.RefreshAsync();
        Assert.Equal(2UL, test.Stream.Info.State.Messages);
        Assert.Equal("first", (await test.Stream.GetMsgAsync(original.Seq)).Data!.AsText());
    }

    [Fact]
    public async Task Expected_last_sequence_mismatch_is_refused_with_an_error()
    {
        await using TestStream test = await TestStream.CreateAsync("expect");
        await test.PublishAsync(2);

        PubAckResponse refused = await test.Js.PublishAsync(test.Subject(), "stale".Utf8(), new NatsJSPubOpts { ExpectedLastSequence = 1 });
        PubAckResponse accepted = await test.Js.PublishAsync(test.Subject(), "fresh".Utf8(), new NatsJSPubOpts { ExpectedLastSequence = 2 });

        Assert.NotNull(refused.Error);
        Assert.Equal(10071, refused.Error.ErrCode);
        var error = Assert.Throws<NatsJSApiException>(() => refused.EnsureSuccess());
        Assert.Equal(10071, error.Error.ErrCode);
        Assert.Equal(3UL, accepted.EnsureSuccess().Seq);
    }

    [Fact]
    public async Task Expected_last_subject_sequence_guards_one_subject()
    {
        await using TestStream test = await TestStream.CreateAsync("expect");
        ulong a = (await test.Js.PublishAsync(test.Subject("a"), "a1".Utf8())).EnsureSuccess().Seq;
        await test.Js.PublishAsync(test.Subject("b"), "b1".Utf8());

        PubAckResponse onA = await test.Js.PublishAsync(test.Subject("a"), "a2".Utf8(), new NatsJSPubOpts { ExpectedLastSubjectSequence = a });
        PubAckResponse staleOnA = await test.Js.PublishAsync(test.Subject("a"), "a3".Utf8(), new NatsJSPubOpts { ExpectedLastSubjectSequence = a });

        Assert.Null(onA.Error);
        Assert.Equal(10071, staleOnA.Error?.ErrCode);
    }

    [Fact]
    public async Task Expected_stream_mismatch_is_refused()
    {
        await using TestStream test = await TestStream.CreateAsync("expect");

        PubAckResponse ack = await test.Js.PublishAsync(test.Subject(), "x".Utf8(), new NatsJSPubOpts { ExpectedStream = "another" });

        Assert.NotNull(ack.Error);
        Assert.Throws<NatsJSApiException>(() => ack.EnsureSuccess());
    }

    [Fact]
    public async Task Publish_to_a_subject_no_stream_captures_fails_with_NatsJSException()
    {
        await using NatsConnection connection = await SharedNats.ConnectAsync();
        var js = new NatsJSContext(connection, NatsJSOpts.Default with { PublishNoResponderRetries = 1, PublishNoResponderWait = TimeSpan.FromMilliseconds(10) });

        var error = await Assert.ThrowsAsync<NatsJSException>(async () => await js.PublishAsync(TestNames.Unique("nostream"), "x".Utf8()));

        Assert.IsType<NatsNoRespondersException>(error.InnerException);
    }

    [Fact]
    public async Task Publish_headers_are_stored_with_the_message()
    {
        await using TestStream test = await TestStream.CreateAsync("hdr");
        var headers = new NatsHeaders { ["Tenant"] = "acme" };
        headers.Add("Route", "sms");
        headers.Add("Route", "push");

        ulong seq = (await test.Js.PublishAsync(test.Subject(), "x".Utf8(), new NatsJSPubOpts { MsgId = "m-1" }, headers)).EnsureSuccess().Seq;

        NatsHeaders stored = (await test.Stream.GetMsgAsync(seq)).Headers!;
        Assert.Equal("acme", stored["tenant"]);
        Assert.Equal(["sms", "push"], stored.GetValues("route"));
        Assert.Equal("m-1", stored["Nats-Msg-Id"]);
    }

    [Fact]
    public async Task Headers_reused_for_a_publish_without_msg_id_do_not_carry_the_previous_msg_id()
    {
        await using TestStream test = await TestStream.CreateAsync("reuse");
        var headers = new NatsHeaders { ["Tenant"] = "acme" };
        PubAckResponse first = await test.Js.PublishAsync(test.Subject(), "first".Utf8(), new NatsJSPubOpts { MsgId = "m-1" }, headers);

        PubAckResponse second = await test.Js.PublishAsync(test.Subject(), "second".Utf8(), headers: headers);

        Assert.False(second.Duplicate);
        Assert.Equal(first.Seq + 1, second.Seq);
        Assert.Equal(["Tenant"], headers.Select(h => h.Key));
    }

    [Fact]
    public async Task Concurrent_publishes_are_all_acked_in_sequence_order_within_the_window()
    {
        const int count = 3000;
        var opts = NatsJSOpts.Default with { MaxConcurrentPublishes = 128 };
        await using TestStream test = await TestStream.CreateAsync("window", opts: opts);
        Channel<NatsJSPublishConcurrentFuture> futures = Channel.CreateUnbounded<NatsJSPublishConcurrentFuture>();
        Task<List<ulong>> acks = Task.Run(async () =>
        {
            var seqs = new List<ulong>(count);
            await foreach (NatsJSPublishConcurrentFuture future in futures.Reader.ReadAllAsync())
            {
                seqs.Add((await future.GetResponseAsync()).EnsureSuccess().Seq);
            }

            return seqs;
        });

        for (int i = 0; i < count; i++)
        {
            await futures.Writer.WriteAsync(await test.Js.PublishConcurrentAsync(test.Subject(), i.ToString().Utf8(), new NatsJSPubOpts { MsgId = $"m{i}" }));
        }

        futures.Writer.Complete();

        List<ulong> seqs = await acks.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Enumerable.Range(1, count).Select(i => (ulong)i), seqs);
        await test.Stream.RefreshAsync();
        Assert.Equal((ulong)count, test.Stream.Info.State.Messages);
        Assert.Equal("2999", (await test.Stream.GetMsgAsync(count)).Data!.AsText());
    }

    [Fact]
    public async Task Concurrent_publish_of_a_repeated_msg_id_is_reported_as_duplicate()
    {
        await using TestStream test = await TestStream.CreateAsync("window");

        NatsJSPublishConcurrentFuture first = await test.Js.PublishConcurrentAsync(test.Subject(), "a".Utf8(), new NatsJSPubOpts { MsgId = "same" });
        NatsJSPublishConcurrentFuture second = await test.Js.PublishConcurrentAsync(test.Subject(), "b".Utf8(), new NatsJSPubOpts { MsgId = "same" });

        PubAckResponse a = await first.GetResponseAsync();
        PubAckResponse b = await second.GetResponseAsync();
        Assert.False(a.Duplicate);
        Assert.True(b.Duplicate);
        Assert.Equal(a.Seq, b.Seq);
    }

    [Fact]
    public async Task Concurrent_publish_to_a_subject_no_stream_captures_fails_on_its_future()
    {
        await using NatsConnection connection = await SharedNats.ConnectAsync();
        var js = new NatsJSContext(connection);

        NatsJSPublishConcurrentFuture future = await js.PublishConcurrentAsync(TestNames.Unique("nostream"), "x".Utf8());

        var error = await Assert.ThrowsAsync<NatsJSException>(async () => await future.GetResponseAsync());
        Assert.IsType<NatsNoRespondersException>(error.InnerException);
    }
}
