using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Core.Status;
using Notify.Core.Storage;
using Notify.Dispatcher.Scheduling;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Ingest;

/// <summary>
/// <c>/v1/admin</c>: the dispatchers' priority policy and the ops summary. A nats-server of the class's own: the policy
/// and the backlog are service-wide, so they must not be shared with other classes.
/// </summary>
public sealed class AdminApiTests(PostgresDatabaseFixture database, NatsServerFixture nats)
    : IngestDatabaseTest(database), IClassFixture<NatsServerFixture>
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:nats"] = nats.Server.ConnectionString,
        // Only an announcement of recorded statuses brings a new summary within a test's time.
        ["Notify:OpsConsole:RefreshInterval"] = "01:00:00",
        ["Notify:OpsConsole:MinInterval"] = "00:00:00",
    };

    [Fact]
    public async Task Priority_policy_put_is_read_back_and_applied_by_a_dispatchers_policy_watch()
    {
        await using var connection = await ConnectAsync();
        var js = new NatsJSContext(connection);
        using var watch = new PriorityPolicySource(js, new ConfigurationBuilder().Build(), NullLogger<PriorityPolicySource>.Instance);
        await watch.StartAsync(CancellationToken.None);

        var put = await (await Host.Client.PutAsync("/v1/admin/priority-policy", Json(new { starvationGuard = 7, paused = new[] { "low", "normal" }, yieldingInFlight = 2 })))
            .ReadJsonAsync(HttpStatusCode.OK);
        var read = await (await Host.Client.GetAsync("/v1/admin/priority-policy")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(7, read.GetProperty("starvationGuard").GetInt32());
        Assert.Equal(["low", "normal"], read.GetProperty("paused").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(2, read.GetProperty("yieldingInFlight").GetInt32());
        Assert.Equal(["low"], read.GetProperty("yielding").EnumerateArray().Select(p => p.GetString())); // omitted: the default
        Assert.True(read.GetProperty("revision").GetUInt64() > 0);
        Assert.Equal(put.GetProperty("revision").GetUInt64(), read.GetProperty("revision").GetUInt64());
        await Eventually.UntilAsync(() => watch.Current is { StarvationGuard: 7, YieldingInFlight: 2 } p && p.IsPaused(Priority.Low) && p.IsPaused(Priority.Normal),
            IngestTestHost.Deadline, "the dispatcher's watch applied the policy");
        await watch.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Priority_policy_put_names_each_bad_field_and_changes_nothing()
    {
        var before = await (await Host.Client.GetAsync("/v1/admin/priority-policy")).ReadJsonAsync(HttpStatusCode.OK);

        var bad = await (await Host.Client.PutAsync("/v1/admin/priority-policy",
            Json(new { starvationGuard = -1, paused = new[] { "critical", "urgent" }, yielding = new[] { "critical" }, yieldingInFlight = -2, yieldWindowMs = 600_001 })))
            .ReadProblemAsync(HttpStatusCode.BadRequest);
        var missing = await (await Host.Client.PutAsync("/v1/admin/priority-policy", Json(new { paused = Array.Empty<string>() })))
            .ReadProblemAsync(HttpStatusCode.BadRequest);
        var unknown = await (await Host.Client.PutAsync("/v1/admin/priority-policy", Json(new { starvationGuard = 3, pause = new[] { "low" } })))
            .ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["paused[0]", "paused[1]", "starvationGuard", "yieldWindowMs", "yieldingInFlight", "yielding[0]"], bad.ErrorFields().Order(StringComparer.Ordinal));
        Assert.Contains("Critical cannot be paused.", bad.GetProperty("errors").GetProperty("paused[0]").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["starvationGuard"], missing.ErrorFields());
        Assert.Contains("pause", unknown.ErrorFields());
        var after = await (await Host.Client.GetAsync("/v1/admin/priority-policy")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(before.GetProperty("revision").GetUInt64(), after.GetProperty("revision").GetUInt64());
    }

    [Theory]
    [InlineData("GET", "/v1/admin/priority-policy")]
    [InlineData("PUT", "/v1/admin/priority-policy")]
    [InlineData("GET", "/v1/admin/summary")]
    [InlineData("GET", "/v1/admin/summary/stream")]
    public async Task Admin_endpoints_answer_401_without_a_key_and_403_without_the_admin_scope(string method, string path)
    {
        HttpRequestMessage Request() => new(new HttpMethod(method), path)
        {
            Content = method == "PUT" ? Json(new { starvationGuard = 1, paused = new[] { "low" } }) : null,
        };

        await (await Host.CreateClient(null).SendAsync(Request())).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await Host.CreateClient("not-a-key").SendAsync(Request())).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await Host.CreateClient(Host.ReadKey).SendAsync(Request())).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await Host.CreateClient(Host.SendKey).SendAsync(Request())).ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Summary_counts_only_the_callers_tenants_deliveries_per_channel_and_priority()
    {
        var now = DateTimeOffset.UtcNow;
        var writer = new StatusWriter(Db, NullLogger<StatusWriter>.Instance);
        var pushed = Notification(Host.Tenant, Priority.Critical, Channel.Push, now.AddSeconds(-30));
        var texted = Notification(Host.Tenant, Priority.Normal, Channel.Sms, now.AddSeconds(-20));
        var stranger = Notification(TestNames.Unique("other"), Priority.Critical, Channel.Push, now.AddSeconds(-10));
        var old = Notification(Host.Tenant, Priority.Critical, Channel.Push, now.AddMinutes(-20));
        await writer.WriteBatchAsync([
            Accepted(pushed), Event(pushed, StatusKind.Sent, Channel.Push, 1),
            Accepted(texted), Event(texted, StatusKind.Retrying, Channel.Sms, 1), Event(texted, StatusKind.Failed, Channel.Sms, 2),
            Accepted(stranger), Event(stranger, StatusKind.Sent, Channel.Push, 1),
            Accepted(old), Event(old, StatusKind.Sent, Channel.Push, 1),
        ]);

        var summary = await (await Host.Client.GetAsync("/v1/admin/summary?minutes=5")).ReadJsonAsync(HttpStatusCode.OK);

        var rows = summary.GetProperty("throughput").EnumerateArray()
            .ToDictionary(r => (r.GetProperty("channel").GetString(), r.GetProperty("priority").GetString()));
        Assert.Equal(2, rows.Count);
        Assert.Equal((1, 0, 0), Counts(rows[("push", "critical")]));
        Assert.Equal((0, 1, 1), Counts(rows[("sms", "normal")]));
        Assert.Empty(summary.GetProperty("unavailable").EnumerateArray());

        // The hour per minute, whatever the window: the push sent 20 minutes ago is in its own minute.
        var history = summary.GetProperty("history");
        Assert.Equal(60, history.GetProperty("minutes").GetInt32());
        var series = history.GetProperty("series").EnumerateArray()
            .ToDictionary(r => (r.GetProperty("priority").GetString(), r.GetProperty("channel").GetString()));
        Assert.Equal([("critical", "push"), ("normal", "sms")], series.Keys);
        var pushes = PerMinute(series[("critical", "push")], "sent");
        Assert.Equal(60, pushes.Length);
        Assert.Equal(2, pushes.Sum());
        Assert.Equal(2, pushes.Count(m => m == 1));
        Assert.Equal((0, 1, 1, 0), (PerMinute(series[("normal", "sms")], "sent").Sum(), PerMinute(series[("normal", "sms")], "retrying").Sum(),
            PerMinute(series[("normal", "sms")], "failed").Sum(), PerMinute(series[("normal", "sms")], "deadLettered").Sum()));
    }

    [Fact]
    public async Task Summary_stream_pushes_a_new_summary_once_the_tenants_statuses_are_recorded_late_ones_included()
    {
        using var deadline = new CancellationTokenSource(IngestTestHost.Deadline);
        using var response = await Host.Client.GetAsync("/v1/admin/summary/stream", HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
        await using var events = SseParser.Create(body, (_, data) => JsonSerializer.Deserialize<JsonElement>(data))
            .EnumerateAsync(deadline.Token).GetAsyncEnumerator(deadline.Token);

        Assert.True(await events.MoveNextAsync());
        Assert.Equal("summary", events.Current.EventType);
        Assert.Empty(events.Current.Data.GetProperty("throughput").EnumerateArray());

        var pushed = Notification(Host.Tenant, Priority.Critical, Channel.Push, DateTimeOffset.UtcNow.AddSeconds(-10));
        await new StatusWriter(Db, NullLogger<StatusWriter>.Instance).WriteBatchAsync([Accepted(pushed), Event(pushed, StatusKind.Sent, Channel.Push, 1)]);
        await using var connection = await ConnectAsync();
        await connection.PublishAsync(Subjects.StatusesRecorded(Host.Tenant), cancellationToken: deadline.Token);

        Assert.True(await events.MoveNextAsync()); // the refresh interval is an hour: only the announcement brings it
        var summary = events.Current.Data;
        var row = Assert.Single(summary.GetProperty("throughput").EnumerateArray());
        Assert.Equal(("push", "critical"), (row.GetProperty("channel").GetString(), row.GetProperty("priority").GetString()));
        Assert.Equal((1, 0, 0), Counts(row));
        Assert.Equal(1, PerMinute(Assert.Single(summary.GetProperty("history").GetProperty("series").EnumerateArray()), "sent").Sum());

        // A status of a minute or two ago, recorded late, is counted too: the hour is not just topped up at its end.
        var late = Notification(Host.Tenant, Priority.Critical, Channel.Push, DateTimeOffset.UtcNow.AddSeconds(-100));
        await new StatusWriter(Db, NullLogger<StatusWriter>.Instance).WriteBatchAsync([Accepted(late), Event(late, StatusKind.Sent, Channel.Push, 1)]);
        await connection.PublishAsync(Subjects.StatusesRecorded(Host.Tenant), cancellationToken: deadline.Token);

        Assert.True(await events.MoveNextAsync());
        Assert.Equal(2, PerMinute(Assert.Single(events.Current.Data.GetProperty("history").GetProperty("series").EnumerateArray()), "sent").Sum());
    }

    [Fact]
    public async Task Summary_stream_window_out_of_range_is_a_400_naming_minutes()
    {
        var problem = await (await Host.Client.GetAsync("/v1/admin/summary/stream?minutes=61")).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["minutes"], problem.ErrorFields());
    }

    [Fact]
    public async Task Summary_shows_the_backlog_per_priority_and_the_worst_circuit_state_per_provider()
    {
        for (var i = 0; i < 2; i++)
            await (await Host.Client.PostJsonAsync("/v1/notifications", new { userId = "shopper", type = "promo.weekend" })).ReadJsonAsync(HttpStatusCode.Accepted);
        await using var connection = await ConnectAsync();
        var provider = TestNames.Unique("provider");
        await Eventually.UntilAsync(async () =>
        {
            // Core NATS: a report sent before Ingest subscribed is lost, so keep reporting as the dispatchers do.
            await Report(connection, "replica-a", new() { [provider] = CircuitReport.Closed, [$"{provider}-sms"] = CircuitReport.HalfOpen });
            await Report(connection, "replica-b", new() { [provider] = CircuitReport.Open });
            var summary = await (await Host.Client.GetAsync("/v1/admin/summary")).ReadJsonAsync(HttpStatusCode.OK);
            return summary.GetProperty("dispatchers").EnumerateArray().Count() == 2;
        }, IngestTestHost.Deadline, "both replicas' reports arrived");

        var summary = await (await Host.Client.GetAsync("/v1/admin/summary")).ReadJsonAsync(HttpStatusCode.OK);

        var pending = summary.GetProperty("pending").EnumerateArray().ToDictionary(p => p.GetProperty("priority").GetString()!);
        Assert.Equal(["critical", "high", "normal", "low"], pending.Keys);
        Assert.Equal(2, pending["low"].GetProperty("pending").GetInt64() + pending["low"].GetProperty("ackPending").GetInt64());
        var circuits = summary.GetProperty("circuits").EnumerateArray().ToDictionary(c => c.GetProperty("provider").GetString()!);
        Assert.Equal("open", circuits[provider].GetProperty("state").GetString());
        Assert.Equal(["replica-b"], circuits[provider].GetProperty("replicas").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("half-open", circuits[$"{provider}-sms"].GetProperty("state").GetString());
        Assert.Equal(provider, summary.GetProperty("circuits")[0].GetProperty("provider").GetString()); // worst first
    }

    [Theory]
    [InlineData("0")]
    [InlineData("61")]
    [InlineData("five")]
    public async Task Summary_window_out_of_range_is_a_400_naming_minutes(string minutes)
    {
        var problem = await (await Host.Client.GetAsync($"/v1/admin/summary?minutes={minutes}")).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["minutes"], problem.ErrorFields());
    }

    private async Task<NatsConnection> ConnectAsync()
    {
        var connection = new NatsConnection(NatsOpts.Default with { Url = nats.Server.ConnectionString, Name = "admin-api-tests" });
        await connection.ConnectAsync();
        return connection;
    }

    private static async Task Report(NatsConnection connection, string replica, Dictionary<string, string> circuits) =>
        await connection.PublishAsync(Subjects.CircuitReport(replica), new CircuitReport(replica, DateTimeOffset.UtcNow, circuits),
            serializer: NotifySerializer<CircuitReport>.Default);

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    private static NotificationEnvelope Notification(string tenant, Priority priority, Channel channel, DateTimeOffset at) =>
        new(Guid.CreateVersion7(), tenant, "user-1", "order.out_for_delivery", priority, [channel], null, at);

    private static StatusEvent Accepted(NotificationEnvelope n) => new(n.Id, n.Tenant, StatusKind.Accepted, n.AcceptedAt) { Envelope = n };

    private static StatusEvent Event(NotificationEnvelope n, StatusKind kind, Channel channel, int seconds) =>
        new(n.Id, n.Tenant, kind, n.AcceptedAt.AddSeconds(seconds)) { Channel = channel, Attempt = seconds, Error = kind == StatusKind.Sent ? null : "provider 503" };

    private static long[] PerMinute(JsonElement series, string kind) => [.. series.GetProperty(kind).EnumerateArray().Select(m => m.GetInt64())];

    private static (long Sent, long Retrying, long Failed) Counts(JsonElement row) =>
        (row.GetProperty("sent").GetInt64(), row.GetProperty("retrying").GetInt64(), row.GetProperty("failed").GetInt64());
}
