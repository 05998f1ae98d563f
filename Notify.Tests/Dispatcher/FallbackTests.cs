using Notify.Core.Notifications;
using Notify.Core.Status;
using Notify.Core.Storage;

namespace Notify.Tests.Dispatcher;

/// <summary>A harness of its own: these tests open the push provider's circuit.</summary>
public sealed class FallbackHarness : DispatcherHarness;

public sealed class FallbackTests(FallbackHarness harness) : IClassFixture<FallbackHarness>
{
    [Fact]
    public async Task While_the_push_circuit_is_open_critical_falls_back_to_sms_and_the_rest_wait()
    {
        var user = await harness.NewUserAsync(phone: "+447700900789");
        await harness.Sandbox.Control.AddFaultAsync(new { channel = "push", userId = user, outage = true });
        var critical = Enumerable.Range(0, 6).Select(_ => DispatcherHarness.Notification(user, "order.nearby")).ToList();
        var promo = DispatcherHarness.Notification(user, "order.preparing", channels: [Channel.Push, Channel.Sms]);
        await harness.PublishAsync(promo);
        foreach (var n in critical)
            await harness.PublishAsync(n);

        foreach (var n in critical)
        {
            var stored = await harness.WaitForAsync(n.Id, d => d.Deliveries.Any(x => x.Channel == Channel.Sms && x.Status == StatusKind.Sent),
                "critical fell back to sms", seconds: 30);
            Assert.Equal(NotificationStatus.Sent, stored.Notification.Status);
        }
        var timelines = await Task.WhenAll(critical.Select(n => harness.WaitForAsync(n.Id, _ => true, "stored")));
        Assert.Contains(timelines.SelectMany(t => t.Timeline), t => t.Kind == StatusKind.Failed && t.Channel == Channel.Push
            && t.Error == "fcm circuit open");

        // The normal-priority notification waits for push instead of falling back: no SMS for it.
        var waiting = await harness.WaitForAsync(promo.Id, d => d.Deliveries.Any(x => x.Channel == Channel.Push && x.Status == StatusKind.Retrying),
            "the normal notification waits");
        Assert.DoesNotContain(waiting.Deliveries, d => d.Channel == Channel.Sms);
        Assert.Equal(critical.Count, (await harness.Sandbox.Control.MessagesAsync(user, "sms")).Count);
    }
}
