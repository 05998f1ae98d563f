using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Notify.ServiceDefaults;
using Notify.ServiceDefaults.Integrations;
using Notify.Tests.Infrastructure;
using Notify.Tests.ServiceDefaults;
using StackExchange.Redis;

namespace Notify.Tests.Redis;

/// <summary>Redis commands in a service's traces, exported over OTLP with the rest of them.</summary>
public sealed class TelemetryTests
{
    /// <summary>The instrumentation turns commands into spans every 10 s, once their parent span has ended; then the batch goes out.</summary>
    private static readonly TimeSpan ExportDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_command_made_for_a_request_is_a_client_span_under_the_request_span()
    {
        await using OtlpReceiver receiver = await OtlpReceiver.StartAsync();
        Dictionary<string, string?> settings = OtlpExporterTests.Otlp(receiver.Endpoint);
        settings["ConnectionStrings:redis"] = await SharedRedis.ConnectionStringAsync();
        WebApplicationBuilder builder = TestService.CreateBuilder(settings).AddServiceDefaults();
        builder.AddRedisClient("redis", RedisClientDefaults.Settings, RedisClientDefaults.Options(builder));
        string route = "/" + TestNames.Unique("cached");
        await using TestService service = await TestService.StartAsync(builder, app => app.MapPost(route, async (IConnectionMultiplexer redis) =>
        {
            await redis.GetDatabase().StringSetAsync(route, "v", TimeSpan.FromMinutes(1));
            return Results.Ok();
        }));

        (await service.Http.PostAsync(route, null)).EnsureSuccessStatusCode();

        OtlpSpan request = await Eventually.ValueAsync(
            () => receiver.Spans().FirstOrDefault(s => s.Name == $"POST {route}"), ExportDeadline, "the request span is exported");
        OtlpSpan command = await Eventually.ValueAsync(
            () => receiver.Spans().FirstOrDefault(s => s.ParentSpanId == request.SpanId), ExportDeadline, "the command's span is exported");
        Assert.Equal("SETEX", command.Name); // a SET with a time to live
        Assert.Equal(OtlpSpan.Client, command.Kind);
        Assert.Equal(request.TraceId, command.TraceId);
        Assert.Equal(service.Name, command.Service);
    }
}
