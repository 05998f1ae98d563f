using Notify.Nats;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Nats;

public sealed class SubjectValidationTests
{
    [Theory]
    [InlineData("")]
    [InlineData("orders created")]
    [InlineData("orders\tcreated")]
    [InlineData("orders\r\ncreated")]
    [InlineData(".orders")]
    [InlineData("orders.")]
    [InlineData("orders..created")]
    [InlineData("orders.*")]
    [InlineData("orders.>")]
    [InlineData(">")]
    public async Task Publish_to_an_invalid_or_wildcard_subject_is_refused(string subject)
    {
        await using var connection = new NatsConnection();

        await Assert.ThrowsAsync<ArgumentException>(async () => await connection.PublishAsync(subject, "x".Utf8()));

        Assert.Equal(NatsConnectionState.Closed, connection.ConnectionState);
    }

    [Theory]
    [InlineData("")]
    [InlineData("orders created")]
    [InlineData(".orders")]
    [InlineData("orders.")]
    [InlineData("orders..created")]
    [InlineData("orders.>.created")]
    [InlineData(">.created")]
    public async Task Subscribe_to_an_invalid_subject_is_refused(string subject)
    {
        await using var connection = new NatsConnection();

        await Assert.ThrowsAsync<ArgumentException>(async () => await connection.SubscribeCoreAsync(subject));

        Assert.Equal(NatsConnectionState.Closed, connection.ConnectionState);
    }

    [Theory]
    [InlineData("*", "orders")]
    [InlineData(">", "orders.created.eu")]
    [InlineData("orders.*", "orders.created")]
    [InlineData("orders.*.eu", "orders.created.eu")]
    [InlineData("orders.>", "orders.created.eu")]
    [InlineData("*.*.>", "orders.created.eu")]
    public async Task Subscribe_accepts_whole_token_wildcards(string pattern, string matching)
    {
        await using NatsConnection connection = await SharedNats.ConnectAsync();
        string root = TestNames.Unique("valid");

        await using NatsSubscription sub = await connection.SubscribeCoreAsync($"{root}.{pattern}");
        await connection.PublishAsync($"{root}.{matching}", "x".Utf8());

        Assert.Equal($"{root}.{matching}", (await sub.NextAsync()).Subject);
    }
}
