using Notify.Nats;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Nats;

// Asserts exact headers and sizes on the wire: run apart from the hosts of other test classes, whose OpenTelemetry
// listens on NATS.Net and so adds a traceparent header to every publish in the process.
[Collection(nameof(TelemetryCollection))]
public sealed class PayloadLimitTests
{
    [Fact]
    public async Task Oversize_payload_is_refused_before_sending_and_the_connection_stays_usable()
    {
        await using NatsConnection connection = await SharedNats.ConnectAsync();
        string subject = TestNames.Unique("big");
        await using NatsSubscription sub = await connection.SubscribeCoreAsync(subject);
        int maxPayload = connection.ServerInfo!.MaxPayload;

        var error = await Assert.ThrowsAsync<NatsPayloadTooLargeException>(async () =>
            await connection.PublishAsync(subject, new byte[maxPayload + 1]));

        Assert.Equal(maxPayload + 1, error.Size);
        Assert.Equal(maxPayload, error.MaxPayload);
        await connection.PublishAsync(subject, "small".Utf8());
        Assert.Equal("small", (await sub.NextAsync()).Text());
        await connection.FlushAsync();
        Assert.False(sub.Msgs.TryRead(out _), "nothing of the refused message reached the server");
        Assert.Equal(NatsConnectionState.Open, connection.ConnectionState);
    }

    [Fact]
    public async Task Headers_count_towards_the_payload_limit()
    {
        await using NatsConnection connection = await SharedNats.ConnectAsync();
        int maxPayload = connection.ServerInfo!.MaxPayload;
        var headers = new NatsHeaders { ["Trace"] = new string('t', 100) };

        var error = await Assert.ThrowsAsync<NatsPayloadTooLargeException>(async () =>
            await connection.PublishAsync(TestNames.Unique("big"), new byte[maxPayload - 50], headers));

        Assert.True(error.Size > maxPayload);
        await connection.PingAsync();
    }

    [Fact]
    public async Task Oversize_request_is_refused_and_leaves_nothing_waiting()
    {
        await using NatsConnection connection = await SharedNats.ConnectAsync();
        string subject = TestNames.Unique("bigreq");
        await using NatsSubscription responder = await connection.SubscribeCoreAsync(subject);
        int maxPayload = connection.ServerInfo!.MaxPayload;

        await Assert.ThrowsAsync<NatsPayloadTooLargeException>(async () =>
            await connection.RequestAsync(subject, new byte[maxPayload + 1]));

        Task<NatsMsg> request = connection.RequestAsync(subject, "small".Utf8()).AsTask();
        NatsMsg received = await responder.NextAsync();
        Assert.Equal("small", received.Text());
        await received.ReplyAsync("ok".Utf8());
        Assert.Equal("ok", (await request).Text());
    }

    [Fact]
    public async Task Message_of_exactly_max_payload_is_delivered_whole()
    {
        await using NatsConnection connection = await SharedNats.ConnectAsync();
        string subject = TestNames.Unique("max");
        await using NatsSubscription sub = await connection.SubscribeCoreAsync(subject);
        byte[] payload = new byte[connection.ServerInfo!.MaxPayload];
        new Random(7).NextBytes(payload);

        await connection.PublishAsync(subject, payload);

        NatsMsg msg = await sub.NextAsync();
        Assert.True(msg.Data.Span.SequenceEqual(payload));
    }
}
