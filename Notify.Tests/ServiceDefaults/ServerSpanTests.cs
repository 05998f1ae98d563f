using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.ServiceDefaults;

/// <summary>
/// The server span as an ActivityListener sees it. Requests carry a <c>traceparent</c> of their own, so each test
/// finds its span by trace id among those of the other hosts running in the process.
/// </summary>
public sealed class ServerSpanTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public ServerSpanTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public async Task The_server_span_gets_http_route_and_is_named_method_and_route()
    {
        await using TestService service = await TestService.StartAsync(map: app =>
            app.MapGet("/orders/{id}", (string id) => TypedResults.Ok(id)));

        Activity span = await SendAsync(service, "/orders/42", HttpStatusCode.OK);

        Assert.Equal("GET /orders/{id}", span.DisplayName);
        Assert.Equal("/orders/{id}", span.GetTagItem("http.route"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.True(span.Recorded);
    }

    [Fact]
    public async Task A_failing_request_marks_the_server_span_as_an_error()
    {
        await using TestService service = await TestService.StartAsync(map: app =>
            app.MapGet("/boom", IResult () => throw new InvalidOperationException("boom")));

        Activity span = await SendAsync(service, "/boom", HttpStatusCode.InternalServerError);

        Assert.Equal("GET /boom", span.DisplayName);
        Assert.Equal(500, span.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(typeof(InvalidOperationException).FullName, span.GetTagItem("error.type"));
    }

    [Fact]
    public async Task A_5xx_answer_marks_the_server_span_as_an_error()
    {
        await using TestService service = await TestService.StartAsync(map: app =>
            app.MapGet("/unavailable", () => TypedResults.StatusCode(StatusCodes.Status503ServiceUnavailable)));

        Activity span = await SendAsync(service, "/unavailable", HttpStatusCode.ServiceUnavailable);

        Assert.Equal(503, span.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("503", span.GetTagItem("error.type"));
    }

    [Fact]
    public async Task Probes_of_the_default_endpoints_are_not_recorded()
    {
        await using TestService service = await TestService.StartAsync();

        Activity span = await SendAsync(service, "/alive", HttpStatusCode.OK);

        Assert.False(span.Recorded);
    }

    public void Dispose() => _listener.Dispose();

    private async Task<Activity> SendAsync(TestService service, string path, HttpStatusCode expected)
    {
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using HttpResponseMessage response = await service.Http.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
        return await Eventually.ValueAsync(() => _stopped.FirstOrDefault(a => a.TraceId == traceId), Deadline, "the server span stops");
    }
}
