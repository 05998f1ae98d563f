using Notify.Core.Notifications;
using Notify.Core.Storage;

namespace Notify.Tests.Dispatcher;

/// <summary>A dispatcher with two workers, so a backlog forms.</summary>
public sealed class NarrowHarness : DispatcherHarness
{
    /// <inheritdoc />
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Notify:Dispatcher:MaxConcurrency", "2"),
        new("Notify:Dispatcher:BufferPerPriority", "4"),
        new("Notify:Dispatcher:Prefetch:Low", "8"),
        new("Notify:Dispatcher:Prefetch:Critical", "8"),
        new("Notify:Caps:Enabled", "false"), // the backlog is many promotions to one user
    ];
}

public sealed class PriorityOrderingTests(NarrowHarness harness) : IClassFixture<NarrowHarness>
{
    [Fact]
    public async Task Critical_notification_overtakes_a_promotional_backlog()
    {
        const int backlog = 300;
        var shopper = await harness.NewUserAsync();
        await harness.Sandbox.Control.AddFaultAsync(new { channel = "push", userId = shopper, latencyMs = 20, errorRate = 0.0 });
        var promos = Enumerable.Range(0, backlog).Select(_ => DispatcherHarness.Notification(shopper, "promo.weekend", channels: [Channel.Push])).ToList();
        foreach (var promo in promos)
            await harness.PublishAsync(promo);

        var customer = await harness.NewUserAsync();
        var critical = DispatcherHarness.Notification(customer, "order.out_for_delivery", channels: [Channel.Push]);
        await harness.PublishAsync(critical);

        await harness.WaitForAsync(critical.Id, d => d.Notification.Status == NotificationStatus.Sent, "critical sent", seconds: 30);
        var criticalAt = Assert.Single(await harness.Sandbox.Control.MessagesAsync(customer, "push")).ReceivedAt;
        var promosBefore = (await harness.Sandbox.Control.MessagesAsync(shopper, "push")).Count(m => m.ReceivedAt < criticalAt);
        // Two workers at ~20 ms a promotion: the backlog takes seconds; the critical one waits only for a free worker
        // and the few promotions already pulled.
        Assert.True(promosBefore < backlog / 3, $"{promosBefore} of {backlog} promotions went before the critical notification");
    }
}
