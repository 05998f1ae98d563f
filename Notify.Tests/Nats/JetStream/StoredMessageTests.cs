using Notify.Nats;
using Notify.Nats.JetStream;
using Notify.Nats.JetStream.Models;

using Notify.Tests.Nats;

namespace Notify.Tests.Nats.JetStream;

// Asserts a message stored without headers has none: run apart from hosts whose OpenTelemetry adds traceparent.
[Collection(nameof(TelemetryCollection))]
public sealed class StoredMessageTests
{
    [Fact]
    public async Task Message_is_read_back_by_sequence_with_subject_headers_and_data()
    {
        await using TestStream test = await TestStream.CreateAsync("get");
        await test.PublishAsync(1);
        DateTimeOffset before = DateTimeOffset.UtcNow.AddSeconds(-5);
        ulong seq = (await test.Js.PublishAsync(test.Subject("second"), "payload".Utf8(), headers: new NatsHeaders { ["Kind"] = "test" })).EnsureSuccess().Seq;

        StoredMsg stored = await test.Stream.GetMsgAsync(seq);

        Assert.Equal(2UL, stored.Seq);
        Assert.Equal(test.Subject("second"), stored.Subject);
        Assert.Equal("payload", stored.Data!.AsText());
        Assert.Equal("test", stored.Headers!["kind"]);
        Assert.InRange(stored.Time, before, DateTimeOffset.UtcNow.AddSeconds(5));
    }

    [Fact]
    public async Task Last_message_on_a_subject_is_read_back()
    {
        await using TestStream test = await TestStream.CreateAsync("last");
        await test.Js.PublishAsync(test.Subject("a"), "a1".Utf8());
        await test.Js.PublishAsync(test.Subject("a"), "a2".Utf8());
        await test.Js.PublishAsync(test.Subject("b"), "b1".Utf8());

        StoredMsg last = await test.Stream.GetLastMsgAsync(test.Subject("a"));

        Assert.Equal("a2", last.Data!.AsText());
        Assert.Equal(2UL, last.Seq);
        Assert.Null(last.Headers);
    }

    [Fact]
    public async Task Deleted_message_is_gone_and_the_others_remain()
    {
        await using TestStream test = await TestStream.CreateAsync("del");
        await test.PublishAsync(3);

        bool deleted = await test.Stream.DeleteMsgAsync(2);

        Assert.True(deleted);
        var error = await Assert.ThrowsAsync<NatsJSApiException>(async () => await test.Stream.GetMsgAsync(2));
        Assert.Equal(10037, error.Error.ErrCode);
        Assert.Equal("2", (await test.Stream.GetMsgAsync(3)).Data!.AsText());
        await test.Stream.RefreshAsync();
        Assert.Equal(2UL, test.Stream.Info.State.Messages);
    }

    [Fact]
    public async Task Message_beyond_the_last_sequence_is_not_found()
    {
        await using TestStream test = await TestStream.CreateAsync("get");
        await test.PublishAsync(1);

        var error = await Assert.ThrowsAsync<NatsJSApiException>(async () => await test.Stream.GetMsgAsync(99));

        Assert.Equal(404, error.Error.Code);
        Assert.Equal(10037, error.Error.ErrCode);
    }
}
