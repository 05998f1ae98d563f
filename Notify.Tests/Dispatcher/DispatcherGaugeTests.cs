using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Core.Storage;
using Notify.Dispatcher.Scheduling;
using Notify.Dispatcher.Telemetry;
using Notify.Tests.Infrastructure;
using Notify.Tests.ServiceDefaults;

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

/// <summary>The dispatcher's gauges as <c>/metrics</c> shows them, and the circuit reports it publishes for the console.</summary>
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

    private async Task<CircuitReport> CollectReportsAsync()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        await foreach (var msg in harness.JetStream.Connection.SubscribeAsync(Subjects.CircuitReportFilter, cancellationToken: deadline.Token))
        {
            var report = JsonSerializer.Deserialize(msg.Data.Span, NotifyJson.Default.CircuitReport)!;
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
