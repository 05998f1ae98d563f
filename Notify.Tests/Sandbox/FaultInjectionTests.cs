using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Notify.Core.Notifications;
using Notify.Sandbox;
using Notify.Sandbox.Faults;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Sandbox;

public sealed class FaultInjectionTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_injected_429_answers_in_Twilio_shape_with_Retry_After_for_the_scoped_user_only()
    {
        string faulted = TestNames.Unique("user");
        string spared = TestNames.Unique("user");
        await sandbox.Control.AddFaultAsync(new { channel = "sms", userId = faulted, statusCode = 429, retryAfterSeconds = 2 });

        using HttpResponseMessage refused = await sandbox.Http.SendAsync(ProviderRequests.Sms("+14155550200", userId: faulted));
        using HttpResponseMessage sent = await sandbox.Http.SendAsync(ProviderRequests.Sms("+14155550200", userId: spared));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(
            """{"code":20429,"message":"Too Many Requests","more_info":"https://www.twilio.com/docs/errors/20429","status":429}""",
            await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        Assert.Empty(await sandbox.Control.MessagesAsync(userId: faulted));
        Assert.Equal(1, (await sandbox.Control.StatsAsync(faulted)).Channels[Channel.Sms].Faulted);
    }

    [Theory]
    [InlineData(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED")]
    [InlineData(503, "UNAVAILABLE", "UNAVAILABLE")]
    [InlineData(500, "INTERNAL", "INTERNAL")]
    public async Task An_injected_status_answers_in_FCM_shape_with_its_canonical_status_and_error_code(int status, string canonical, string errorCode)
    {
        string userId = TestNames.Unique("user");
        await sandbox.Control.AddFaultAsync(new { channel = "push", userId, statusCode = status, retryAfterSeconds = 5 });

        using HttpResponseMessage response = await sandbox.Http.SendAsync(ProviderRequests.Push(TestNames.Unique("device"), userId));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        JsonElement error = (await response.ReadJsonAsync()).GetProperty("error");
        Assert.Equal(status, error.GetProperty("code").GetInt32());
        Assert.Equal(canonical, error.GetProperty("status").GetString());
        JsonElement detail = Assert.Single(error.GetProperty("details").EnumerateArray().ToList());
        Assert.Equal("type.googleapis.com/google.firebase.fcm.v1.FcmError", detail.GetProperty("@type").GetString());
        Assert.Equal(errorCode, detail.GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task An_outage_answers_503_to_every_matching_request_until_it_is_removed()
    {
        string endpoint = TestNames.Unique("endpoint");
        FaultRule outage = await sandbox.Control.AddFaultAsync(new { channel = "webhook", to = endpoint, outage = true });

        var during = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using HttpResponseMessage response = await sandbox.Http.SendAsync(
                ProviderRequests.Webhook(endpoint, "{}", SandboxOptions.SandboxWebhookSecret, "msg_" + TestNames.Unique("w")));
            during.Add(response.StatusCode);
        }

        await sandbox.Control.RemoveFaultAsync(outage.Id);
        using HttpResponseMessage after = await sandbox.Http.SendAsync(
            ProviderRequests.Webhook(endpoint, "{}", SandboxOptions.SandboxWebhookSecret, "msg_" + TestNames.Unique("w")));

        Assert.All(during, status => Assert.Equal(HttpStatusCode.ServiceUnavailable, status));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Single(await sandbox.Control.MessagesAsync(to: endpoint));
    }

    [Fact]
    public async Task The_narrowest_matching_fault_decides()
    {
        string userId = TestNames.Unique("user");
        await sandbox.Control.AddFaultAsync(new { channel = "sms", userId, statusCode = 503 });
        await sandbox.Control.AddFaultAsync(new { channel = "sms", userId, to = "+14155550201", statusCode = 429 });

        using HttpResponseMessage narrow = await sandbox.Http.SendAsync(ProviderRequests.Sms("+14155550201", userId: userId));
        using HttpResponseMessage broad = await sandbox.Http.SendAsync(ProviderRequests.Sms("+14155550202", userId: userId));

        Assert.Equal(HttpStatusCode.TooManyRequests, narrow.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, broad.StatusCode);
    }

    [Fact]
    public async Task Injected_latency_delays_the_answer_which_then_succeeds()
    {
        string userId = TestNames.Unique("user");
        await sandbox.Control.AddFaultAsync(new { channel = "push", userId, latencyMs = 300 });

        var clock = Stopwatch.StartNew();
        using HttpResponseMessage response = await sandbox.Http.SendAsync(ProviderRequests.Push(TestNames.Unique("device"), userId));

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(290), $"answered after {clock.ElapsedMilliseconds} ms");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await sandbox.Control.MessagesAsync(userId: userId));
    }

    [Fact]
    public async Task A_caller_giving_up_during_injected_latency_is_released_at_once_and_nothing_is_recorded()
    {
        string userId = TestNames.Unique("user");
        await sandbox.Control.AddFaultAsync(new { channel = "sms", userId, latencyMs = 60_000 });
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sandbox.Http.SendAsync(ProviderRequests.Sms("+14155550203", userId: userId), giveUp.Token));

        await Eventually.UntilAsync(
            async () => (await sandbox.Control.StatsAsync(userId)).Channels[Channel.Sms].Cancelled == 1,
            Deadline,
            "the sandbox stops waiting when the request is aborted, long before the minute of latency");
        Assert.Empty(await sandbox.Control.MessagesAsync(userId: userId));
    }

    [Fact]
    public async Task An_error_rate_over_200_requests_roughly_holds_and_replays_identically_with_the_same_seed()
    {
        string firstUser = TestNames.Unique("user");
        string secondUser = TestNames.Unique("user");
        await sandbox.Control.AddFaultAsync(new { channel = "push", userId = firstUser, errorRate = 0.3, statusCode = 503, seed = 20261121 });
        await sandbox.Control.AddFaultAsync(new { channel = "push", userId = secondUser, errorRate = 0.3, statusCode = 503, seed = 20261121 });

        List<bool> first = await FailuresAsync(firstUser, 200);
        List<bool> second = await FailuresAsync(secondUser, 200);

        Assert.InRange(first.Count(failed => failed), 40, 80);
        Assert.Equal(first, second);
        Assert.Equal(200 - first.Count(failed => failed), (await sandbox.Control.MessagesAsync(userId: firstUser)).Count);
        Assert.Equal(first.Count(failed => failed), (await sandbox.Control.StatsAsync(firstUser)).Channels[Channel.Push].Faulted);
    }

    private async Task<List<bool>> FailuresAsync(string userId, int requests)
    {
        var failures = new List<bool>(requests);
        for (var i = 0; i < requests; i++)
        {
            using HttpResponseMessage response = await sandbox.Http.SendAsync(ProviderRequests.Push(TestNames.Unique("device"), userId));
            failures.Add(response.StatusCode == HttpStatusCode.ServiceUnavailable);
        }

        return failures;
    }
}
