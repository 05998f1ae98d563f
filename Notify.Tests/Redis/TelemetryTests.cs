using System.Diagnostics;
using Notify.Core.Redis;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Redis;

public sealed class TelemetryTests
{
    [Fact]
    public async Task Each_command_is_a_client_span_with_the_database_tags()
    {
        await using RedisConnection redis = await SharedRedis.ConnectAsync(o => o with { DefaultDatabase = 2 });
        using var spans = new RedisSpanRecorder();
        string key = TestNames.Unique("traced");

        await spans.TraceAsync(async () =>
        {
            await redis.StringSetAsync(key, "v");
            return await redis.StringGetAsync(key);
        });

        IReadOnlyList<Activity> recorded = spans.Spans(0);
        Assert.Equal(["SET", "GET"], recorded.Select(a => a.DisplayName));
        Activity get = recorded[1];
        Assert.Equal(ActivityKind.Client, get.Kind);
        Assert.Equal("redis", get.GetTagItem("db.system.name"));
        Assert.Equal("GET", get.GetTagItem("db.operation.name"));
        Assert.Equal("2", get.GetTagItem("db.namespace"));
        Assert.Equal(redis.Options.EndPoints[0].Port, get.GetTagItem("server.port"));
        Assert.Equal(ActivityStatusCode.Unset, get.Status);
    }

    [Fact]
    public async Task Failed_command_span_is_an_error_typed_by_the_server_code()
    {
        await using RedisConnection redis = await SharedRedis.ConnectAsync();
        using var spans = new RedisSpanRecorder();
        string key = TestNames.Unique("traced");
        await redis.StringSetAsync(key, "text");

        await Assert.ThrowsAsync<RedisServerException>(() => spans.TraceAsync(() => redis.HashGetAllAsync(key)));

        Activity failed = Assert.Single(spans.Spans(0));
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal("WRONGTYPE", failed.GetTagItem("error.type"));
    }

    [Fact]
    public async Task Disabled_tracing_emits_no_spans_even_with_a_listener()
    {
        await using RedisConnection redis = await SharedRedis.ConnectAsync(o => o with { DisableTracing = true });
        using var spans = new RedisSpanRecorder();

        await spans.TraceAsync(() => redis.StringGetAsync(TestNames.Unique("quiet")));

        Assert.Empty(spans.Spans(0));
    }
}
