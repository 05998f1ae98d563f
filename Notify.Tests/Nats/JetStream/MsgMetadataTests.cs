using Notify.Nats.JetStream;

namespace Notify.Tests.Nats.JetStream;

public sealed class MsgMetadataTests
{
    // 2023-11-14T22:13:20.123456789Z in nanoseconds since the epoch
    private const string Nanos = "1700000000123456789";
    private static readonly DateTimeOffset Stamp = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000).AddTicks(1_234_567);

    [Fact]
    public void V1_ack_subject_with_nine_tokens_is_parsed()
    {
        bool parsed = NatsJSMsgMetadata.TryParse($"$JS.ACK.ORDERS.dispatcher.3.1042.977.{Nanos}.15", out NatsJSMsgMetadata metadata);

        Assert.True(parsed);
        Assert.Equal(new NatsJSMsgMetadata("ORDERS", "dispatcher", 3, 1042, 977, Stamp, 15, null), metadata);
    }

    [Fact]
    public void V2_ack_subject_with_domain_and_account_hash_is_parsed()
    {
        bool parsed = NatsJSMsgMetadata.TryParse($"$JS.ACK.hub.ACCHASH123.ORDERS.dispatcher.1.7.5.{Nanos}.0.rnd42", out NatsJSMsgMetadata metadata);

        Assert.True(parsed);
        Assert.Equal(new NatsJSMsgMetadata("ORDERS", "dispatcher", 1, 7, 5, Stamp, 0, "hub"), metadata);
    }

    [Fact]
    public void V2_ack_subject_with_the_empty_domain_marker_has_no_domain()
    {
        bool parsed = NatsJSMsgMetadata.TryParse($"$JS.ACK._.ACCHASH123.ORDERS.dispatcher.2.8.6.{Nanos}.4.rnd42", out NatsJSMsgMetadata metadata);

        Assert.True(parsed);
        Assert.Null(metadata.Domain);
        Assert.Equal("ORDERS", metadata.Stream);
        Assert.Equal(2UL, metadata.NumDelivered);
        Assert.Equal(4UL, metadata.NumPending);
    }

    [Fact]
    public void V2_ack_subject_with_eleven_tokens_is_parsed()
    {
        bool parsed = NatsJSMsgMetadata.TryParse($"$JS.ACK.hub.ACCHASH123.ORDERS.dispatcher.1.7.5.{Nanos}.0", out NatsJSMsgMetadata metadata);

        Assert.True(parsed);
        Assert.Equal(7UL, metadata.StreamSequence);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("_INBOX.abc.1")]
    [InlineData("$JS.ACK.ORDERS.dispatcher.3.1042.977.1700000000123456789")]
    [InlineData("$JS.ACK.ORDERS.dispatcher.3.1042.977.1700000000123456789.15.x")]
    [InlineData("$JS.ACK.ORDERS.dispatcher.three.1042.977.1700000000123456789.15")]
    [InlineData("$JS.ACK.ORDERS.dispatcher.3.-1.977.1700000000123456789.15")]
    [InlineData("$JS.ACK.ORDERS.dispatcher.3.1042.977.1700000000123456789.")]
    [InlineData("$JS.ACK.hub.HASH.ORDERS.dispatcher.1.x.5.1700000000123456789.0.r")]
    [InlineData("$js.ack.ORDERS.dispatcher.3.1042.977.1700000000123456789.15")]
    public void Subject_that_is_not_a_JetStream_ack_subject_is_not_parsed(string? subject)
    {
        Assert.False(NatsJSMsgMetadata.TryParse(subject, out _));
    }
}
