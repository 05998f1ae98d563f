using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Notify.Tests.ServiceDefaults;

/// <summary>
/// A stand-in OTLP/HTTP collector on a free loopback port: accepts protobuf POSTs to <c>/v1/traces</c>,
/// <c>/v1/metrics</c> and <c>/v1/logs</c>, answers with an empty export response, and keeps the bodies.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _posts = new();

    private OtlpReceiver(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The base URL to put in <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public string Endpoint => _app.Urls.Single();

    public static async Task<OtlpReceiver> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/{signal}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            receiver._posts.Enqueue((context.Request.Path.Value!, body.ToArray()));
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>How many POSTs arrived at <paramref name="path"/> (e.g. <c>/v1/traces</c>).</summary>
    public int Count(string path) => _posts.Count(p => p.Path == path);

    /// <summary>The bodies received at <paramref name="path"/>, decoded as UTF-8 so that string fields can be searched.</summary>
    public string Text(string path) =>
        string.Join('\n', _posts.Where(p => p.Path == path).Select(p => Encoding.UTF8.GetString(p.Body)));

    /// <summary>The spans of every trace export received so far.</summary>
    public IReadOnlyList<OtlpSpan> Spans() =>
        _posts.Where(p => p.Path == "/v1/traces").SelectMany(p => OtlpTraceDecoder.Decode(p.Body)).ToArray();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
