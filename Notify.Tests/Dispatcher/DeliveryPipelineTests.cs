using Microsoft.Extensions.DependencyInjection;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Core.Status;
using Notify.Core.Storage;
using NATS.Client.JetStream;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Dispatcher;

public sealed class DeliveryPipelineTests(DispatcherHarness harness) : IClassFixture<DispatcherHarness>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Critical_order_update_reaches_push_with_the_inbox_alongside_and_is_recorded_sent()
    {
        var user = await harness.NewUserAsync();
        var notification = DispatcherHarness.Notification(user);
        await harness.PublishAsync(notification);

        var stored = await harness.WaitForAsync(notification.Id, d => d.Notification.Status == NotificationStatus.Sent
            && d.Deliveries.Any(x => x.Channel == Channel.InApp && x.Status == StatusKind.Sent), "push and inbox sent");
        var push = Assert.Single(await harness.Sandbox.Control.MessagesAsync(user, "push"));
        Assert.Equal("On its way", push.Title);
        Assert.Equal("Your order o-42 is out for delivery.", push.Body);
        Assert.Equal($"{notification.Id:N}-push", push.IdempotencyKey);
        Assert.Contains(stored.Deliveries, d => d.Channel == Channel.Push && d.Status == StatusKind.Sent && d.Provider == "fcm");
        Assert.DoesNotContain(stored.Deliveries, d => d.Channel == Channel.Sms); // the chain stopped at the first channel that worked
        var inbox = await harness.Services.GetRequiredService<InboxStore>().ListAsync(DispatcherHarness.Tenant, user);
        Assert.Equal(notification.Id, Assert.Single(inbox.Items).NotificationId);
    }

    [Fact]
    public async Task Sms_goes_through_twilio_with_its_idempotency_token()
    {
        var user = await harness.NewUserAsync(phone: "+447700900456");
        var notification = DispatcherHarness.Notification(user, channels: [Channel.Sms]);
        await harness.PublishAsync(notification);

        await harness.WaitForAsync(notification.Id, d => d.Notification.Status == NotificationStatus.Sent, "sms sent");
        var sms = Assert.Single(await harness.Sandbox.Control.MessagesAsync(user, "sms"));
        Assert.Equal("+447700900456", sms.To);
        Assert.Equal($"{notification.Id:N}-sms", sms.IdempotencyKey);
    }

    [Fact]
    public async Task Webhook_is_signed_per_standard_webhooks()
    {
        var user = await harness.NewUserAsync();
        var notification = DispatcherHarness.Notification(user, "order.delivered", channels: [Channel.Webhook]);
        await harness.PublishAsync(notification);

        await harness.WaitForAsync(notification.Id, d => d.Notification.Status == NotificationStatus.Sent, "webhook sent");
        var hook = Assert.Single(await harness.Sandbox.Control.MessagesAsync(user, "webhook"));
        Assert.True(hook.SignatureValid);
        Assert.Equal($"{notification.Id:N}-webhook", hook.IdempotencyKey);
    }

    [Fact]
    public async Task Email_is_delivered_over_smtp()
    {
        var user = await harness.NewUserAsync();
        var notification = DispatcherHarness.Notification(user, "order.cancelled", channels: [Channel.Email]);
        await harness.PublishAsync(notification);

        await harness.WaitForAsync(notification.Id, d => d.Notification.Status == NotificationStatus.Sent, "email sent");
        var mail = await Eventually.ValueAsync(() => harness.Infrastructure.Mailbox.ReadMessages()
            .FirstOrDefault(m => m.To?.Contains($"{user}@example.com", StringComparison.Ordinal) == true), Deadline, "mail in the maildir");
        Assert.Equal("Order cancelled", mail.Subject);
    }

    [Fact]
    public async Task Transient_failures_are_retried_with_a_delay_then_sent_once()
    {
        var user = await harness.NewUserAsync();
        var fault = await harness.Sandbox.Control.AddFaultAsync(new { channel = "sms", userId = user, statusCode = 503, errorRate = 1.0 });
        var notification = DispatcherHarness.Notification(user, "order.accepted", channels: [Channel.Sms]);
        await harness.PublishAsync(notification);

        await harness.WaitForAsync(notification.Id, d => d.Deliveries.Any(x => x.Channel == Channel.Sms && x.Status == StatusKind.Retrying && x.Attempts >= 2),
            "two failed attempts recorded");
        await harness.Sandbox.Control.RemoveFaultAsync(fault.Id);

        var stored = await harness.WaitForAsync(notification.Id, d => d.Notification.Status == NotificationStatus.Sent, "sent after the fault cleared");
        Assert.True(stored.Deliveries.Single(d => d.Channel == Channel.Sms).Attempts >= 3);
        Assert.Single(await harness.Sandbox.Control.MessagesAsync(user, "sms"));
        Assert.Contains(stored.Timeline, t => t.Kind == StatusKind.Retrying);
    }

    [Fact]
    public async Task Permanent_failure_is_dead_lettered_without_retrying()
    {
        var user = await harness.NewUserAsync(phone: "+15005550001"); // the provider's invalid-number magic number
        var notification = DispatcherHarness.Notification(user, "order.accepted", channels: [Channel.Sms]);
        await harness.PublishAsync(notification);

        var stored = await harness.WaitForAsync(notification.Id, d => d.Notification.Status == NotificationStatus.Dead, "dead-lettered");
        Assert.Equal(1, stored.Deliveries.Single(d => d.Channel == Channel.Sms).Attempts);
        var letter = await Eventually.ValueAsync(async () => (await harness.Services.GetRequiredService<DeadLetterStore>()
            .ListAsync(DispatcherHarness.Tenant)).Items.FirstOrDefault(l => l.NotificationId == notification.Id), Deadline, "dead letter recorded");
        Assert.Equal("permanent_failure", letter.Reason);
        Assert.Contains("21211", letter.Error, StringComparison.Ordinal);
        Assert.Empty(await harness.Sandbox.Control.MessagesAsync(user, "sms"));
    }

    [Fact]
    public async Task Exhausted_retries_are_dead_lettered_and_a_replay_delivers()
    {
        var user = await harness.NewUserAsync();
        var fault = await harness.Sandbox.Control.AddFaultAsync(new { channel = "push", userId = user, statusCode = 500, errorRate = 1.0 });
        var notification = DispatcherHarness.Notification(user, "promo.weekend", channels: [Channel.Push]);
        await harness.PublishAsync(notification);

        var dead = await harness.WaitForAsync(notification.Id, d => d.Notification.Status == NotificationStatus.Dead, "dead after max deliveries");
        Assert.Equal(3, dead.Deliveries.Single(d => d.Channel == Channel.Push).Attempts); // low: max_deliver 3
        var letter = await Eventually.ValueAsync(async () => (await harness.Services.GetRequiredService<DeadLetterStore>()
            .ListAsync(DispatcherHarness.Tenant)).Items.FirstOrDefault(l => l.NotificationId == notification.Id), Deadline, "dead letter recorded");
        Assert.Equal("max_deliveries", letter.Reason);

        await harness.Sandbox.Control.RemoveFaultAsync(fault.Id);
        await harness.PublishAsync(letter.Envelope with { Replay = 1 }, $"{letter.Id}:replay:1");
        await harness.WaitForAsync(notification.Id, d => d.Deliveries.Any(x => x.Channel == Channel.Push && x.Status == StatusKind.Sent), "sent on replay");
        Assert.Single(await harness.Sandbox.Control.MessagesAsync(user, "push"));
    }

    [Fact]
    public async Task A_delivery_already_sent_is_not_sent_again_when_the_message_repeats()
    {
        var user = await harness.NewUserAsync();
        var notification = DispatcherHarness.Notification(user, "order.delivered", channels: [Channel.Sms]) with { IdempotencyKey = "order-42-delivered" };
        await harness.PublishAsync(notification);
        await harness.WaitForAsync(notification.Id, d => d.Notification.Status == NotificationStatus.Sent, "sent");

        // The same notification again, as a client retry after JetStream's duplicate window would bring it.
        await harness.PublishAsync(notification, msgId: $"{notification.Id}:again");
        var streams = harness.JetStream;
        await Eventually.UntilAsync(async () => (await streams.GetConsumerAsync(Subjects.Stream(Priority.High), Subjects.DispatchConsumer)).Info.NumAckPending == 0
            && (await streams.GetStreamAsync(Subjects.Stream(Priority.High))).Info.State.Messages == 0, Deadline, "the repeat was settled");
        Assert.Single(await harness.Sandbox.Control.MessagesAsync(user, "sms"));
    }

    [Fact]
    public async Task A_malformed_message_is_dead_lettered_and_does_not_block_the_next()
    {
        var garbage = await harness.JetStream.PublishAsync($"notify.normal.{DispatcherHarness.Tenant}.garbage", "{not json"u8.ToArray());
        garbage.EnsureSuccess();
        var user = await harness.NewUserAsync();
        var notification = DispatcherHarness.Notification(user, "order.preparing", channels: [Channel.Sms]);
        await harness.PublishAsync(notification);

        await harness.WaitForAsync(notification.Id, d => d.Notification.Status == NotificationStatus.Sent, "the next one is sent");
        var copy = await Eventually.ValueAsync(() => harness.JetStream.LastAsync(Subjects.DeadLetterStream, Subjects.DeadLetter(Priority.Normal, DispatcherHarness.Tenant)),
            Deadline, "the garbage is in the dead-letter stream");
        Assert.Equal("{not json"u8.ToArray(), copy.Data.ToArray());
        Assert.Equal("malformed", copy.Headers()["Notify-Dead-Reason"]);
    }

    [Fact]
    public async Task A_cancelled_notification_still_queued_is_not_sent()
    {
        var user = await harness.NewUserAsync();
        var notification = DispatcherHarness.Notification(user, "order.accepted", channels: [Channel.Sms]) with { SendAt = DateTimeOffset.UtcNow.AddSeconds(3) };
        await harness.PublishAsync(notification);
        await harness.WaitForAsync(notification.Id, d => d.Notification.Status == NotificationStatus.Scheduled, "waiting for its time");

        await new Cancellations(harness.JetStream).CancelAsync(notification.Id); // as Ingest does: the dispatcher learns it through the watch

        var stored = await harness.WaitForAsync(notification.Id, d => d.Notification.Status == NotificationStatus.Cancelled, "cancelled when it came up");
        Assert.Contains(stored.Timeline, t => t.Kind == StatusKind.Cancelled);
        Assert.Empty(await harness.Sandbox.Control.MessagesAsync(user, "sms"));
    }

    [Fact]
    public async Task A_delivery_an_earlier_attempt_sent_is_recorded_sent_without_sending_again()
    {
        var user = await harness.NewUserAsync();
        var notification = DispatcherHarness.Notification(user, "order.delivered", channels: [Channel.Sms]) with { IdempotencyKey = $"key-{user}" };
        // What a replica that died between the provider's answer and its status leaves behind.
        await harness.Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>().GetDatabase()
            .StringSetAsync(Notify.Dispatcher.Idempotency.SentMarkers.Key(notification.Id, Channel.Sms), "SMearlier", TimeSpan.FromMinutes(5));
        await harness.PublishAsync(notification);

        var stored = await harness.WaitForAsync(notification.Id, d => d.Notification.Status == NotificationStatus.Sent, "recorded sent");
        Assert.Contains(stored.Timeline, t => t.Kind == StatusKind.Sent && t.Reason == "sent on an earlier delivery");
        Assert.Empty(await harness.Sandbox.Control.MessagesAsync(user, "sms"));
    }
}
