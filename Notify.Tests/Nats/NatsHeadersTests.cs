using System.Text;
using Notify.Nats;

namespace Notify.Tests.Nats;

public sealed class NatsHeadersTests
{
    [Fact]
    public void Keys_match_without_regard_to_case_and_keep_their_case()
    {
        var headers = new NatsHeaders { ["Content-Type"] = "text/plain" };

        Assert.Equal("text/plain", headers["content-type"]);
        Assert.True(headers.ContainsKey("CONTENT-TYPE"));
        Assert.Equal("Content-Type", headers.Single().Key);
    }

    [Fact]
    public void Repeated_key_keeps_every_value_in_order_and_the_indexer_reads_the_first()
    {
        var headers = new NatsHeaders();
        headers.Add("Route", "sms");
        headers.Add("route", "email");
        headers.Add("ROUTE", "push");

        Assert.Equal(["sms", "email", "push"], headers.GetValues("Route"));
        Assert.Equal("sms", headers["route"]);
        Assert.Equal(3, headers.Count);
    }

    [Fact]
    public void Setting_a_key_replaces_all_its_values()
    {
        var headers = new NatsHeaders();
        headers.Add("Route", "sms");
        headers.Add("route", "email");

        headers["ROUTE"] = "push";

        Assert.Equal(["push"], headers.GetValues("route"));
    }

    [Fact]
    public void Remove_takes_away_every_value_of_a_key()
    {
        var headers = new NatsHeaders();
        headers.Add("A", "1");
        headers.Add("a", "2");
        headers.Add("B", "3");

        Assert.True(headers.Remove("A"));
        Assert.False(headers.Remove("A"));
        Assert.Equal(["B"], headers.Select(h => h.Key));
    }

    [Fact]
    public void Missing_key_is_absent_not_empty()
    {
        var headers = new NatsHeaders();

        Assert.False(headers.TryGetValue("Missing", out _));
        Assert.Empty(headers.GetValues("Missing"));
        Assert.Throws<KeyNotFoundException>(() => headers["Missing"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Two Words")]
    [InlineData("Colon:Key")]
    [InlineData("Line\r\nBreak")]
    public void Invalid_key_is_refused_by_Add_and_by_the_indexer(string key)
    {
        var headers = new NatsHeaders();

        Assert.Throws<ArgumentException>(() => headers.Add(key, "v"));
        Assert.Throws<ArgumentException>(() => headers[key] = "v");
        Assert.Equal(0, headers.Count);
    }

    [Theory]
    [InlineData("a\r\nInjected: 1")]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    public void Value_with_a_line_break_is_refused_by_Add_and_by_the_indexer(string value)
    {
        var headers = new NatsHeaders();

        Assert.Throws<ArgumentException>(() => headers.Add("Key", value));
        Assert.Throws<ArgumentException>(() => headers["Key"] = value);
        Assert.Equal(0, headers.Count);
    }

    [Fact]
    public void Wire_block_round_trips_keys_values_and_order()
    {
        var headers = new NatsHeaders();
        headers.Add("X-Tenant", "acme");
        headers.Add("X-Route", "sms");
        headers.Add("X-Route", "email");
        headers.Add("X-Url", "https://example.org:8443/a?b=c");
        headers.Add("X-Name", "Zoë");

        byte[] wire = new byte[headers.GetWireLength()];
        headers.WriteTo(wire);
        NatsHeaders read = NatsHeaders.FromWire(wire);

        Assert.StartsWith("NATS/1.0\r\n", Encoding.UTF8.GetString(wire));
        Assert.EndsWith("\r\n\r\n", Encoding.UTF8.GetString(wire));
        Assert.Equal(headers.ToList(), read.ToList());
        Assert.Equal(0, read.Code);
    }

    [Fact]
    public void Status_line_gives_code_and_description()
    {
        NatsHeaders status = NatsHeaders.FromWire("NATS/1.0 408 Request Timeout\r\nNats-Pending-Messages: 5\r\nNats-Pending-Bytes: 120\r\n\r\n"u8.ToArray());

        Assert.Equal(408, status.Code);
        Assert.Equal("Request Timeout", status.Message);
        Assert.Equal("5", status["nats-pending-messages"]);
        Assert.Equal("120", status["Nats-Pending-Bytes"]);
    }

    [Fact]
    public void Status_line_without_description_gives_only_the_code()
    {
        NatsHeaders status = NatsHeaders.FromWire("NATS/1.0 503\r\n\r\n"u8.ToArray());

        Assert.Equal(503, status.Code);
        Assert.Null(status.Message);
        Assert.Equal(0, status.Count);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\n\r\n")]
    [InlineData("NATS/1.0 abc Bad\r\n\r\n")]
    [InlineData("NATS/1.0")]
    public void Header_block_that_is_not_NATS_headers_is_a_protocol_error(string block)
    {
        Assert.Throws<NatsProtocolException>(() => NatsHeaders.FromWire(Encoding.UTF8.GetBytes(block)));
    }
}
