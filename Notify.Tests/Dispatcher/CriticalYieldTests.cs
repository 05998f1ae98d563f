using Microsoft.Extensions.Time.Testing;
using Notify.Core.Notifications;
using Notify.Core.Storage;
using Notify.Dispatcher.Scheduling;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Dispatcher;

public sealed class CriticalYieldTests
{
    private static readonly PriorityPolicy Policy = PriorityPolicy.Default with { YieldingInFlight = 2, YieldWindowMs = 1_000 };

    [Fact]
    public void Nothing_is_held_before_any_critical_message()
    {
        var yield = new CriticalYield(new FakeTimeProvider());
        Assert.False(yield.Holds(Priority.Low, inFlight: 100, Policy));
        Assert.Equal(TimeSpan.Zero, yield.Remaining(Policy));
    }

    [Fact]
    public void Low_is_held_at_its_limit_while_critical_flows_and_released_when_the_window_lapses()
    {
        var clock = new FakeTimeProvider();
        var yield = new CriticalYield(clock);
        yield.CriticalTaken();

        Assert.False(yield.Holds(Priority.Low, inFlight: 1, Policy));
        Assert.True(yield.Holds(Priority.Low, inFlight: 2, Policy));
        Assert.False(yield.Holds(Priority.Normal, inFlight: 50, Policy)); // order updates do not yield by default
        Assert.False(yield.Holds(Priority.Critical, inFlight: 50, Policy with { Yielding = [Priority.Critical, Priority.Low] }));

        clock.Advance(TimeSpan.FromMilliseconds(600));
        Assert.Equal(TimeSpan.FromMilliseconds(400), yield.Remaining(Policy));
        Assert.True(yield.Holds(Priority.Low, inFlight: 2, Policy));

        clock.Advance(TimeSpan.FromMilliseconds(400));
        Assert.False(yield.Holds(Priority.Low, inFlight: 2, Policy));

        yield.CriticalTaken(); // the next critical message opens the window again
        Assert.True(yield.Holds(Priority.Low, inFlight: 2, Policy));
    }

    [Fact]
    public void Low_is_held_while_the_replica_warms_up_without_any_critical_message()
    {
        var clock = new FakeTimeProvider();
        var yield = new CriticalYield(clock);
        yield.WarmUp(TimeSpan.FromSeconds(15));

        Assert.True(yield.Holds(Priority.Low, inFlight: 2, Policy));
        Assert.False(yield.Holds(Priority.Low, inFlight: 1, Policy));
        Assert.False(yield.Holds(Priority.High, inFlight: 50, Policy));

        clock.Advance(TimeSpan.FromSeconds(14.5));
        Assert.Equal(TimeSpan.FromMilliseconds(500), yield.Remaining(Policy));
        yield.CriticalTaken(); // the window after a critical message outlasts the warm-up
        clock.Advance(TimeSpan.FromMilliseconds(700));
        Assert.Equal(TimeSpan.FromMilliseconds(300), yield.Remaining(Policy));
        Assert.True(yield.Holds(Priority.Low, inFlight: 2, Policy));

        clock.Advance(TimeSpan.FromMilliseconds(300));
        Assert.False(yield.Holds(Priority.Low, inFlight: 2, Policy));
        Assert.False(yield.Holds(Priority.Low, inFlight: 2, Policy with { YieldingInFlight = 0 }));
    }

    [Fact]
    public void A_limit_of_zero_turns_yielding_off()
    {
        var yield = new CriticalYield(new FakeTimeProvider());
        yield.CriticalTaken();
        Assert.False(yield.Holds(Priority.Low, inFlight: 1_000, Policy with { YieldingInFlight = 0 }));
    }
}

/// <summary>
/// A dispatcher with room for eight deliveries at once, whose promotions yield to critical notifications for a minute
/// after each one, one promotion at a time.
/// </summary>
public sealed class YieldingHarness : DispatcherHarness
{
    /// <inheritdoc />
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Notify:Dispatcher:MaxConcurrency", "8"),
        new("Notify:PriorityPolicy:YieldingInFlight", "1"),
        new("Notify:PriorityPolicy:YieldWindowMs", "60000"),
        new("Notify:Caps:Enabled", "false"), // many promotions to one user
    ];
}

public sealed class CriticalYieldPipelineTests(YieldingHarness harness) : IClassFixture<YieldingHarness>
{
    [Fact]
    public async Task Promotions_run_one_at_a_time_after_a_critical_notification()
    {
        const int promotions = 6;
        const int latencyMs = 150;
        var customer = await harness.NewUserAsync();
        var critical = DispatcherHarness.Notification(customer, "order.out_for_delivery", channels: [Channel.Push]);
        await harness.PublishAsync(critical);
        await harness.WaitForAsync(critical.Id, d => d.Notification.Status == NotificationStatus.Sent, "critical sent");

        var shopper = await harness.NewUserAsync();
        await harness.Sandbox.Control.AddFaultAsync(new { channel = "push", userId = shopper, latencyMs, errorRate = 0.0 });
        var promos = Enumerable.Range(0, promotions).Select(_ => DispatcherHarness.Notification(shopper, "promo.weekend", channels: [Channel.Push])).ToList();
        foreach (var promo in promos)
            await harness.PublishAsync(promo);
        foreach (var promo in promos)
            await harness.WaitForAsync(promo.Id, d => d.Notification.Status == NotificationStatus.Sent, "promotion sent", seconds: 30);

        // With eight workers free, the promotions would reach the provider together; yielding, each waits for the
        // previous one's (slow) provider call to finish.
        var received = (await harness.Sandbox.Control.MessagesAsync(shopper, "push")).Select(m => m.ReceivedAt).Order().ToList();
        Assert.Equal(promotions, received.Count);
        var gaps = received.Zip(received.Skip(1), (a, b) => (b - a).TotalMilliseconds).ToList();
        Assert.All(gaps, gap => Assert.True(gap >= latencyMs * 0.9, $"promotions {string.Join(", ", gaps)} ms apart"));
    }
}
