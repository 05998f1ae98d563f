using Notify.Core.Redis;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Redis;

public sealed class ScriptTests
{
    [Fact]
    public async Task Script_runs_by_digest_once_cached_and_by_source_after_SCRIPT_FLUSH()
    {
        await using RedisConnection redis = await SharedRedis.ConnectAsync();
        string key = TestNames.Unique("lua");
        // The key name in a comment makes the script, and so its digest, this test's own.
        var script = new RedisScript($"-- {key}\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])");
        using var spans = new RedisSpanRecorder();

        long first = (await spans.TraceAsync(() => redis.ScriptEvaluateAsync(script, [key], [5]))).AsInt64();
        long second = (await spans.TraceAsync(() => redis.ScriptEvaluateAsync(script, [key], [5]))).AsInt64();
        await redis.ExecuteAsync("SCRIPT", "FLUSH");
        long afterFlush = (await spans.TraceAsync(() => redis.ScriptEvaluateAsync(script, [key], [5]))).AsInt64();

        Assert.Equal([5L, 10L, 15L], new[] { first, second, afterFlush });
        Assert.Equal(["EVALSHA", "EVAL"], spans.Operations(0));
        Assert.Equal(["EVALSHA"], spans.Operations(1));
        Assert.Equal(["EVALSHA", "EVAL"], spans.Operations(2));
        Assert.Equal([1L], (await redis.ExecuteAsync("SCRIPT", "EXISTS", script.Sha1)).AsArray().Select(r => r.AsInt64()));
    }

    [Fact]
    public async Task Digest_is_the_one_SCRIPT_LOAD_returns()
    {
        await using RedisConnection redis = await SharedRedis.ConnectAsync();
        var script = new RedisScript("return 'ünïcode'");

        Assert.Equal(script.Sha1, (await redis.ExecuteAsync("SCRIPT", "LOAD", script.Lua)).AsString());
    }

    [Fact]
    public async Task Script_error_is_a_server_error_with_the_script_message()
    {
        await using RedisConnection redis = await SharedRedis.ConnectAsync();
        var script = new RedisScript($"-- {TestNames.Unique("lua")}\nreturn redis.error_reply('LIMIT over budget')");

        RedisServerException error = await Assert.ThrowsAsync<RedisServerException>(() => redis.ScriptEvaluateAsync(script));

        Assert.Equal("LIMIT", error.ErrorCode);
        Assert.Contains("over budget", error.Message);
    }

    [Fact]
    public async Task Script_replies_of_every_type_come_back_structured()
    {
        await using RedisConnection redis = await SharedRedis.ConnectAsync();
        var script = new RedisScript($"-- {TestNames.Unique("lua")}\nreturn {{1, 'two', {{ARGV[1], false}}, redis.status_reply('OK')}}");

        RedisResult reply = await redis.ScriptEvaluateAsync(script, args: ["three"]);

        Assert.Equal("[1, two, [three, (nil)], OK]", reply.ToString()); // Lua false comes back as nil
    }
}
