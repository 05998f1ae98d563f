using Microsoft.Extensions.DependencyInjection;
using Notify.Core.Notifications;
using Notify.Core.Status;
using Notify.Core.Storage;
using Notify.Core.Users;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Dispatcher;

/// <summary>A catalogue in which <c>order.out_for_delivery</c> goes to push and SMS at once, as an operator would configure it.</summary>
public sealed class RoutingHarness : DispatcherHarness
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Notify:Types:Rules:0:Pattern", "order.out_for_delivery"),
        new("Notify:Types:Rules:0:Priority", "critical"),
        new("Notify:Types:Rules:0:Required", "true"),
        new("Notify:Types:Rules:0:Routing", "all"),
        new("Notify:Types:Rules:0:Channels:0", "push"),
        new("Notify:Types:Rules:0:Channels:1", "sms"),
        new("Notify:Types:Rules:1:Pattern", "order.*"),
        new("Notify:Types:Rules:1:Priority", "normal"),
    ];
}

/// <summary>Routing <c>all</c>: every channel at once, each with its own retries, and the notification sent once they settled.</summary>
public sealed class RoutingTests(RoutingHarness harness) : IClassFixture<RoutingHarness>
{
    [Fact]
    public async Task All_sends_push_and_sms_and_reads_sent_with_two_deliveries()
    {
        var user = await harness.NewUserAsync();
        var notification = DispatcherHarness.Notification(user, "order.accepted", channels: [Channel.Push, Channel.Sms]) with { Routing = Routing.All };
        await harness.PublishAsync(notification);

        var stored = await harness.WaitForAsync(notification.Id, d => d.Notification.Status == NotificationStatus.Sent && d.Deliveries.Count == 2,
            "sent on both channels");
        Assert.All(stored.Deliveries, d => Assert.Equal(StatusKind.Sent, d.Status));
        Assert.Equal([Channel.Push, Channel.Sms], stored.Deliveries.Select(d => d.Channel).Order());
        Assert.Equal(Routing.All, stored.Notification.Routing);
        Assert.Single(await harness.Sandbox.Control.MessagesAsync(user, "push"));
        Assert.Single(await harness.Sandbox.Control.MessagesAsync(user, "sms"));
    }

    [Fact]
    public async Task A_channel_failing_for_good_leaves_the_notification_sent_with_that_delivery_failed()
    {
        var user = await harness.NewUserAsync(phone: "+15005550001"); // the provider's invalid-number magic number
        var notification = DispatcherHarness.Notification(user, "order.accepted", channels: [Channel.Push, Channel.Sms]) with { Routing = Routing.All };
        await harness.PublishAsync(notification);

        var stored = await harness.WaitForAsync(notification.Id, d => d.Deliveries.Count == 2 && d.Deliveries.All(x => x.Status != StatusKind.Retrying),
            "both channels settled");
        Assert.Equal(NotificationStatus.Sent, stored.Notification.Status);
        Assert.Equal(StatusKind.Sent, stored.Deliveries.Single(d => d.Channel == Channel.Push).Status);
        Assert.Equal(StatusKind.Failed, stored.Deliveries.Single(d => d.Channel == Channel.Sms).Status);
        Assert.Single(await harness.Sandbox.Control.MessagesAsync(user, "push"));
    }

    [Fact]
    public async Task Nothing_sent_on_any_channel_is_dead_lettered()
    {
        var user = await harness.NewUserAsync(phone: "+15005550001");
        await harness.Sandbox.Control.AddFaultAsync(new { channel = "push", userId = user, statusCode = 400, errorRate = 1.0 });
        var notification = DispatcherHarness.Notification(user, "order.accepted", channels: [Channel.Push, Channel.Sms]) with { Routing = Routing.All };
        await harness.PublishAsync(notification);

        var letter = await Eventually.ValueAsync(async () => (await harness.Services.GetRequiredService<DeadLetterStore>()
            .ListAsync(DispatcherHarness.Tenant)).Items.FirstOrDefault(l => l.NotificationId == notification.Id), TimeSpan.FromSeconds(20), "dead letter recorded");
        Assert.Equal("permanent_failure", letter.Reason);
        var stored = await harness.WaitForAsync(notification.Id, d => d.Notification.Status == NotificationStatus.Dead, "dead");
        Assert.All(stored.Deliveries, d => Assert.Equal(StatusKind.Failed, d.Status));
    }

    [Fact]
    public async Task While_one_channel_retries_the_notification_is_processing_and_redeliveries_send_no_channel_twice()
    {
        var user = await harness.NewUserAsync();
        var fault = await harness.Sandbox.Control.AddFaultAsync(new { channel = "sms", userId = user, statusCode = 503, errorRate = 1.0 });
        var notification = DispatcherHarness.Notification(user, "order.accepted", channels: [Channel.Push, Channel.Sms]) with { Routing = Routing.All };
        await harness.PublishAsync(notification);

        // Redelivered for SMS, then again once the fault is gone: push, sent on the first delivery, must not go again.
        var retrying = await harness.WaitForAsync(notification.Id, d => d.Deliveries.Any(x => x.Channel == Channel.Push && x.Status == StatusKind.Sent)
            && d.Deliveries.Any(x => x.Channel == Channel.Sms && x.Status == StatusKind.Retrying && x.Attempts >= 2), "push sent, sms retried");
        Assert.Equal(NotificationStatus.Processing, retrying.Notification.Status);
        await harness.Sandbox.Control.RemoveFaultAsync(fault.Id);

        var stored = await harness.WaitForAsync(notification.Id, d => d.Notification.Status == NotificationStatus.Sent, "sent once sms went too");
        Assert.All(stored.Deliveries, d => Assert.Equal(StatusKind.Sent, d.Status));
        Assert.Single(await harness.Sandbox.Control.MessagesAsync(user, "push"));
        Assert.Single(await harness.Sandbox.Control.MessagesAsync(user, "sms"));
        Assert.Equal(0, (await harness.Sandbox.Control.StatsAsync(user)).Total.Duplicates); // the sandbox counts a repeated key: no second call at all
    }

    [Fact]
    public async Task The_users_preference_for_a_category_sends_on_every_channel_unless_the_request_says_fallback()
    {
        var user = await harness.NewUserAsync();
        await harness.Services.GetRequiredService<UserDirectory>().SavePreferencesAsync(DispatcherHarness.Tenant, user,
            UserPreferences.Default with { Types = [new TypeChannelPreference("order.*", Routing: Routing.All)] });
        var byPreference = DispatcherHarness.Notification(user, "order.accepted", channels: [Channel.Push, Channel.Sms]);
        var byRequest = DispatcherHarness.Notification(user, "order.preparing", channels: [Channel.Push, Channel.Sms]) with { Routing = Routing.Fallback };
        await harness.PublishAsync(byPreference);
        await harness.PublishAsync(byRequest);

        var all = await harness.WaitForAsync(byPreference.Id, d => d.Notification.Status == NotificationStatus.Sent && d.Deliveries.Count == 2,
            "sent on both channels by preference");
        Assert.Equal(Routing.All, all.Notification.Routing);
        var one = await harness.WaitForAsync(byRequest.Id, d => d.Notification.Status == NotificationStatus.Sent, "sent on the first channel");
        Assert.Equal([Channel.Push], one.Deliveries.Select(d => d.Channel));
        Assert.Equal(2, (await harness.Sandbox.Control.MessagesAsync(user, "push")).Count);
        Assert.Single(await harness.Sandbox.Control.MessagesAsync(user, "sms"));
    }

    [Fact]
    public async Task The_catalogue_sends_out_for_delivery_on_push_and_sms_at_once()
    {
        var user = await harness.NewUserAsync();
        var notification = DispatcherHarness.Notification(user, "order.out_for_delivery");
        await harness.PublishAsync(notification);

        var stored = await harness.WaitForAsync(notification.Id, d => d.Notification.Status == NotificationStatus.Sent && d.Deliveries.Count == 3,
            "sent on push, sms and the inbox");
        Assert.Equal([Channel.Push, Channel.Sms, Channel.InApp], stored.Deliveries.Select(d => d.Channel).Order());
        Assert.All(stored.Deliveries, d => Assert.Equal(StatusKind.Sent, d.Status));
        Assert.Equal(Routing.All, stored.Notification.Routing); // no email: the type's channels, not the user's critical order
    }
}
