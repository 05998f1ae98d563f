using System.Net;
using System.Net.Http.Json;
using System.Text;
using Notify.Core.Notifications;
using Notify.Sandbox;
using Notify.Sandbox.Faults;
using Notify.Sandbox.Records;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Sandbox;

public sealed class ControlApiTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Messages_can_be_filtered_by_user_channel_and_recipient()
    {
        string alice = TestNames.Unique("alice");
        string bob = TestNames.Unique("bob");
        string device = TestNames.Unique("device");
        await SendAsync(ProviderRequests.Sms("+14155550300", "a1", alice));
        await SendAsync(ProviderRequests.Sms("+14155550301", "a2", alice));
        await SendAsync(ProviderRequests.Push(device, alice));
        await SendAsync(ProviderRequests.Sms("+14155550300", "b1", bob));

        Assert.Equal(["a1", "a2", "Your courier is here."], (await sandbox.Control.MessagesAsync(userId: alice)).Select(message => message.Body));
        Assert.Equal(["a1", "a2"], (await sandbox.Control.MessagesAsync(userId: alice, channel: "sms")).Select(message => message.Body));
        Assert.Equal(["a1"], (await sandbox.Control.MessagesAsync(userId: alice, to: "+14155550300")).Select(message => message.Body));
        Assert.Equal([alice], (await sandbox.Control.MessagesAsync(channel: "push", to: device)).Select(message => message.UserId));
        Assert.Equal(["a1", "b1"], (await sandbox.Control.MessagesAsync(to: "+14155550300")).Select(message => message.Body));
    }

    [Fact]
    public async Task Stats_count_every_outcome_by_channel_overall_and_for_one_user()
    {
        string userId = TestNames.Unique("user");
        TrafficReport before = await sandbox.Control.StatsAsync();
        await SendAsync(ProviderRequests.Sms("+14155550310", userId: userId, idempotencyToken: "t-" + userId));
        await SendAsync(ProviderRequests.Sms("+14155550310", userId: userId, idempotencyToken: "t-" + userId));
        await SendAsync(ProviderRequests.Sms("not-a-number", userId: userId));
        await SendAsync(ProviderRequests.Push(TestNames.Unique("device"), userId));

        TrafficReport mine = await sandbox.Control.StatsAsync(userId);
        TrafficReport all = await sandbox.Control.StatsAsync();

        Assert.Equal(userId, mine.UserId);
        Assert.Equal(new TrafficCounts(3, 2, 1, 1, 0, 0, 0), mine.Channels[Channel.Sms]);
        Assert.Equal(new TrafficCounts(1, 1, 0, 0, 0, 0, 0), mine.Channels[Channel.Push]);
        Assert.Equal(new TrafficCounts(0, 0, 0, 0, 0, 0, 0), mine.Channels[Channel.Webhook]);
        Assert.Equal(new TrafficCounts(4, 3, 1, 1, 0, 0, 0), mine.Total);
        Assert.Null(all.UserId);
        Assert.True(all.Total.Requests - before.Total.Requests >= 4);
        Assert.True(all.Channels[Channel.Sms].Duplicates - before.Channels[Channel.Sms].Duplicates >= 1);
    }

    [Fact]
    public async Task Faults_are_listed_found_by_id_and_removed()
    {
        string userId = TestNames.Unique("user");
        FaultRule rule = await sandbox.Control.AddFaultAsync(new { channel = "webhook", userId, errorRate = 0.5 });

        FaultRule? listed = (await sandbox.Http.GetFromJsonAsync<List<FaultRule>>("/sandbox/faults", SandboxControl.Json))!.SingleOrDefault(fault => fault.Id == rule.Id);
        FaultRule? found = await sandbox.Http.GetFromJsonAsync<FaultRule>("/sandbox/faults/" + rule.Id, SandboxControl.Json);
        await sandbox.Control.RemoveFaultAsync(rule.Id);
        using HttpResponseMessage gone = await sandbox.Http.GetAsync("/sandbox/faults/" + rule.Id);

        Assert.Equal(rule, listed);
        Assert.Equal(rule, found);
        Assert.Equal((Channel.Webhook, userId, 0.5, 503, false), (rule.Channel, rule.UserId, rule.ErrorRate, rule.StatusCode, rule.Outage));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Theory]
    [InlineData("""{"channel":"email","statusCode":503}""", "channel")]
    [InlineData("""{"statusCode":503}""", "channel")]
    [InlineData("""{"channel":"sms","errorRate":1.5}""", "errorRate")]
    [InlineData("""{"channel":"sms","statusCode":200}""", "statusCode")]
    [InlineData("""{"channel":"sms","statusCode":503,"retryAfterSeconds":-1}""", "retryAfterSeconds")]
    [InlineData("""{"channel":"sms","latencyMs":-5}""", "latencyMs")]
    [InlineData("""{"channel":"sms"}""", "fault")]
    public async Task An_invalid_fault_is_refused_with_a_validation_problem_naming_the_field(string json, string field)
    {
        using HttpResponseMessage response = await sandbox.Http.PostAsync("/sandbox/faults", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty(field, out _), $"the problem names {field}");
    }

    [Theory]
    [InlineData("POST", "/sandbox/faults", """{"channel":"sms",""")]
    [InlineData("POST", "/sandbox/faults", """{"channel":"sms","errorRate":"often"}""")]
    [InlineData("POST", "/sandbox/faults", "")]
    [InlineData("GET", "/sandbox/messages?channel=email", null)]
    [InlineData("GET", "/sandbox/messages?limit=0", null)]
    [InlineData("GET", "/sandbox/messages?limit=many", null)]
    public async Task Bad_control_input_answers_400_problem_details_never_500(string method, string path, string? json)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using HttpResponseMessage response = await sandbox.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(400, (await response.ReadJsonAsync()).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Removing_an_unknown_fault_answers_404_problem_details()
    {
        using HttpResponseMessage response = await sandbox.Http.DeleteAsync("/sandbox/faults/fault-0");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Clearing_messages_forgets_records_idempotency_keys_and_counts()
    {
        await using SandboxFixture own = await SandboxFixture.StartAsync(_ => { });
        using HttpResponseMessage first = await own.Http.SendAsync(Webhook("same", "{}"));

        using HttpResponseMessage cleared = await own.Http.DeleteAsync("/sandbox/messages");
        TrafficReport afterClear = await own.Control.StatsAsync();
        using HttpResponseMessage again = await own.Http.SendAsync(Webhook("same", "{}"));

        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal(0, afterClear.Total.Requests);
        Assert.Single(await own.Control.MessagesAsync());
        Assert.Equal(new TrafficCounts(1, 1, 0, 0, 0, 0, 0), (await own.Control.StatsAsync()).Total);
    }

    [Fact]
    public async Task Only_the_newest_messages_are_kept_beyond_the_capacity_and_their_keys_with_them()
    {
        await using SandboxFixture small = await SandboxFixture.StartAsync(builder => builder.Configuration["Sandbox:Capacity"] = "3");
        for (var i = 0; i < 5; i++)
        {
            using HttpResponseMessage response = await small.Http.SendAsync(Webhook($"k{i}", $$"""{"m":{{i}}}"""));
        }

        using HttpResponseMessage evictedKey = await small.Http.SendAsync(Webhook("k0", """{"m":0}"""));
        using HttpResponseMessage keptKey = await small.Http.SendAsync(Webhook("k4", """{"m":4}"""));

        Assert.Equal(["""{"m":3}""", """{"m":4}""", """{"m":0}"""], (await small.Control.MessagesAsync()).Select(message => message.Body));
        Assert.Equal(1, (await small.Control.StatsAsync()).Total.Duplicates);
    }

    private static HttpRequestMessage Webhook(string id, string json) =>
        ProviderRequests.Webhook("orders", json, SandboxOptions.SandboxWebhookSecret, id);

    private async Task SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using HttpResponseMessage response = await sandbox.Http.SendAsync(request);
        }
    }
}
