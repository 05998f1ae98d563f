using System.Net;
using Notify.Core.Redis;

namespace Notify.Tests.Redis;

public sealed class ConnectionStringTests
{
    [Fact]
    public void Aspire_connection_string_gives_endpoint_and_password()
    {
        RedisOptions options = RedisOptions.Parse("127.0.0.1:6380,password=s3cret");

        Assert.Equal([new DnsEndPoint("127.0.0.1", 6380)], options.EndPoints);
        Assert.Equal("s3cret", options.Password);
        Assert.Null(options.User);
        Assert.Equal(0, options.DefaultDatabase);
        Assert.Equal(RedisOptions.Default.CommandTimeout, options.CommandTimeout);
    }

    [Fact]
    public void Every_supported_option_is_read_whatever_its_case()
    {
        RedisOptions options = RedisOptions.Parse(
            "cache-1:7000, cache-2 ,[::1]:7002,user=notifier,Password=a=b,DEFAULTDATABASE=3,connectTimeout=1500,syncTimeout=250,abortConnect=false,name=dispatcher,ssl=false");

        Assert.Equal(
            [new DnsEndPoint("cache-1", 7000), new DnsEndPoint("cache-2", 6379), new DnsEndPoint("::1", 7002)],
            options.EndPoints);
        Assert.Equal("notifier", options.User);
        Assert.Equal("a=b", options.Password);
        Assert.Equal(3, options.DefaultDatabase);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.CommandTimeout);
        Assert.False(options.AbortOnConnectFail);
        Assert.Equal("dispatcher", options.ClientName);
    }

    [Fact]
    public void Async_timeout_wins_over_sync_timeout_for_commands()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(900), RedisOptions.Parse("h:1,syncTimeout=100,asyncTimeout=900").CommandTimeout);
    }

    [Fact]
    public void Tls_is_refused_with_a_clear_reason()
    {
        NotSupportedException error = Assert.Throws<NotSupportedException>(() => RedisOptions.Parse("cache:6380,password=x,ssl=true"));

        Assert.Contains("TLS (ssl=true)", error.Message);
    }

    [Fact]
    public void Options_of_StackExchange_Redis_that_change_nothing_here_are_accepted()
    {
        RedisOptions options = RedisOptions.Parse("cache:6379,allowAdmin=true,connectRetry=3,keepAlive=60,resolveDns=true");

        Assert.Equal([new DnsEndPoint("cache", 6379)], options.EndPoints);
    }

    [Theory]
    [InlineData("cache:6379,colour=blue", "colour")]
    [InlineData("password=x", "no endpoint")]
    [InlineData("", "no endpoint")]
    [InlineData("cache:http", "not a port")]
    [InlineData("cache:70000", "not a port")]
    [InlineData("cache:6379,defaultDatabase=-1", "defaultDatabase")]
    [InlineData("cache:6379,abortConnect=maybe", "abortConnect")]
    [InlineData("[::1:6379", "missing ']'")]
    public void Malformed_connection_strings_are_refused_naming_the_problem(string connectionString, string expected)
    {
        ArgumentException error = Assert.ThrowsAny<ArgumentException>(() => RedisOptions.Parse(connectionString));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Printed_options_mask_the_password()
    {
        string printed = RedisOptions.Parse("cache:6379,user=u,password=s3cret").ToString();

        Assert.DoesNotContain("s3cret", printed);
        Assert.StartsWith("cache:6379,user=u,password=*****", printed);
    }
}
