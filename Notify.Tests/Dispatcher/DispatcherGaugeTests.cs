using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Core.Storage;
using Notify.Dispatcher.Deferral;
using Notify.Dispatcher.Scheduling;
using Notify.Dispatcher.Telemetry;
using Notify.Tests.Infrastructure;
using Notify.Tests.ServiceDefaults;
using Npgsql;

namespace Notify.Tests.Dispatcher;

/// <summary>
/// A harness of its own (these tests pause a priority and open the push provider's circuit), exporting the
/// <c>Notify.Dispatcher</c> meter, which a replica named <c>dispatcher-N</c> does not export as its own.
/// </summary>
public sealed class GaugeHarness : DispatcherHarness
{
    /// <inheritdoc />
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Telemetry:Meters:0", DispatcherTelemetry.Name)];
}

/// <summary>
/// The dispatcher's gauges as <c>/metrics</c> shows them, and the circuit reports it publishes for the console. The
/// gauges are refreshed by the test, not waited for.
/// </summary>
public sealed class DispatcherGaugeTests(GaugeHarness harness) : IClassFixture<GaugeHarness>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Pending_per_priority_and_circuit_state_per_provider_appear_in_the_metrics_text()
    {
        await PriorityPolicySource.SaveAsync(harness.JetStream, PriorityPolicy.Default with { Paused = [Priority.Low] });
        await Eventually.UntilAsync(() => harness.Services.GetRequiredService<PriorityPolicySource>().Current.IsPaused(Priority.Low), Deadline,
            "the dispatcher paused low");
        var shopper = await harness.NewUserAsync();
        for (var i = 0; i < 3; i++)
            await harness.PublishAsync(DispatcherHarness.Notification(shopper, "promo.weekend", channels: [Channel.Push]));
        var customer = await harness.NewUserAsync();
        var sent = DispatcherHarness.Notification(customer, "order.out_for_delivery", channels: [Channel.Push]);
        await harness.PublishAsync(sent);
        await harness.WaitForAsync(sent.Id, d => d.Notification.Status == NotificationStatus.Sent, "the push was sent");

        await harness.Services.GetRequiredService<DispatcherGauges>().RefreshAsync(CancellationToken.None);
        var metrics = PrometheusText.Parse(await ScrapeAsync());

        var pending = metrics["notify_consumer_pending"];
        Assert.Equal("gauge", pending.Type);
        Assert.Equal(3, pending.Samples.Single(s => s.Labels["notify_priority"] == "low").Value);
        Assert.Equal(0, pending.Samples.Single(s => s.Labels["notify_priority"] == "critical").Value);
        Assert.Equal(4, pending.Samples.Count);
        var circuits = metrics["notify_circuit_state"];
        Assert.Equal(0, circuits.Samples.Single(s => s.Labels["notify_provider"] == "fcm").Value);

        // A push outage opens the fcm circuit: the gauge reads 2, and the replica's report says so.
        var reports = CollectReportsAsync();
        var unlucky = await harness.NewUserAsync();
        await harness.Sandbox.Control.AddFaultAsync(new { channel = "push", userId = unlucky, outage = true });
        for (var i = 0; i < 6; i++)
            await harness.PublishAsync(DispatcherHarness.Notification(unlucky, "order.nearby"));
        await Eventually.UntilAsync(async () => PrometheusText.Parse(await ScrapeAsync())["notify_circuit_state"].Samples
            .Single(s => s.Labels["notify_provider"] == "fcm").Value == 2, Deadline, "the fcm circuit gauge reads open");
        var report = await reports;
        Assert.Equal(CircuitReport.Open, report.Circuits["fcm"]);
    }

    [Fact]
    public async Task Deferred_entries_per_reason_and_the_oldest_overdue_one_appear_in_the_metrics_text()
    {
        var schedule = harness.Services.GetRequiredService<DeferredSchedule>();
        var gauges = harness.Services.GetRequiredService<DispatcherGauges>();
        var user = await harness.NewUserAsync();
        var now = DateTimeOffset.UtcNow;
        await schedule.DeferAsync(DispatcherHarness.Notification(user), DeferralReason.Scheduled, now.AddHours(1), now);
        await schedule.DeferAsync(DispatcherHarness.Notification(user), DeferralReason.Scheduled, now.AddDays(2), now);
        await schedule.DeferAsync(DispatcherHarness.Notification(user), DeferralReason.QuietHours, now.AddHours(8), now);
        // Two updates batched together wait as one entry: the second travels inside the first's release.
        var group = TestNames.Unique("group");
        await schedule.BatchAsync(DispatcherHarness.Notification(user), group, DeferralReason.Batching, now.AddMinutes(1), now, maxMembers: 10);
        await schedule.BatchAsync(DispatcherHarness.Notification(user), group, DeferralReason.Batching, now.AddMinutes(1), now, maxMembers: 10);

        await gauges.RefreshAsync(CancellationToken.None);
        var metrics = PrometheusText.Parse(await ScrapeAsync());

        var deferred = metrics["notify_deferred_pending"];
        Assert.Equal("gauge", deferred.Type);
        Assert.Equal(new Dictionary<string, double> { ["scheduled"] = 2, ["quiet_hours"] = 1, ["batching"] = 1 },
            deferred.Samples.ToDictionary(s => s.Labels["notify_deferral_reason"], s => s.Value));
        var overdue = metrics["notify_deferred_overdue_seconds"];
        Assert.Equal("gauge", overdue.Type);
        Assert.Equal(0, overdue.Samples.Single().Value);

        // The releaser stops, as a stalled one would: an entry due five minutes ago is still waiting.
        var releaser = harness.Services.GetRequiredService<ScheduleReleaser>();
        await releaser.StopAsync(CancellationToken.None);
        var late = DispatcherHarness.Notification(user);
        try
        {
            await schedule.DeferAsync(late, DeferralReason.Scheduled, now.AddMinutes(-5), now.AddMinutes(-5));

            await gauges.RefreshAsync(CancellationToken.None);
            metrics = PrometheusText.Parse(await ScrapeAsync());

            Assert.InRange(metrics["notify_deferred_overdue_seconds"].Samples.Single().Value, 300, 300 + Deadline.TotalSeconds);
            Assert.Equal(3, metrics["notify_deferred_pending"].Samples.Single(s => s.Labels["notify_deferral_reason"] == "scheduled").Value);
        }
        finally
        {
            await releaser.StartAsync(CancellationToken.None);
        }

        // Running again, it releases the late entry, and nothing is overdue any more.
        await harness.WaitForAsync(late.Id, d => d.Notification.Status == NotificationStatus.Sent, "the late entry was released and sent");
        await gauges.RefreshAsync(CancellationToken.None);
        metrics = PrometheusText.Parse(await ScrapeAsync());
        Assert.Equal(0, metrics["notify_deferred_overdue_seconds"].Samples.Single().Value);
        Assert.Equal(2, metrics["notify_deferred_pending"].Samples.Single(s => s.Labels["notify_deferral_reason"] == "scheduled").Value);
    }

    [Fact]
    public async Task Deferred_gauges_report_nothing_while_the_schedule_cannot_be_read()
    {
        var gauges = harness.Services.GetRequiredService<DispatcherGauges>();
        await gauges.RefreshAsync(CancellationToken.None);
        Assert.Contains("notify_deferred_pending", PrometheusText.Parse(await ScrapeAsync()).Keys);

        var db = harness.Services.GetRequiredService<NpgsqlDataSource>();
        await using (var hide = db.CreateCommand("ALTER TABLE deferred_notifications RENAME TO deferred_notifications_away"))
            await hide.ExecuteNonQueryAsync();
        try
        {
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => gauges.RefreshAsync(CancellationToken.None));
            var metrics = PrometheusText.Parse(await ScrapeAsync());

            Assert.DoesNotContain("notify_deferred_pending", metrics.Keys);
            Assert.DoesNotContain("notify_deferred_overdue_seconds", metrics.Keys);
            Assert.Contains("notify_consumer_pending", metrics.Keys);
        }
        finally
        {
            await using var restore = db.CreateCommand("ALTER TABLE deferred_notifications_away RENAME TO deferred_notifications");
            await restore.ExecuteNonQueryAsync();
        }
    }

    private async Task<CircuitReport> CollectReportsAsync()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        await foreach (var msg in harness.JetStream.Connection.SubscribeAsync(Subjects.CircuitReportFilter, serializer: NotifySerializer<CircuitReport>.Default,
            cancellationToken: deadline.Token))
        {
            var report = msg.Data!;
            if (report.Circuits.GetValueOrDefault("fcm") == CircuitReport.Open)
                return report;
        }
        throw new TimeoutException("no circuit report with fcm open");
    }

    private async Task<string> ScrapeAsync()
    {
        var address = harness.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        return await http.GetStringAsync("/metrics");
    }
}
