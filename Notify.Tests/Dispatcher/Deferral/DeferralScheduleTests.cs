using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Notify.Core.Notifications;
using Notify.Core.Status;
using Notify.Core.Storage;
using Notify.Core.Users;
using Notify.Ingest.Notifications;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Dispatcher.Deferral;

/// <summary>Scheduling, quiet hours and batching through the durable schedule, on a manual clock.</summary>
public sealed class DeferralScheduleTests(DeferralHarness harness) : IClassFixture<DeferralHarness>
{
    private static readonly QuietHours Night = new(new TimeOnly(22, 0), new TimeOnly(7, 0));

    [Fact]
    public async Task SendAt_30_days_ahead_waits_in_postgres_and_goes_when_the_clock_reaches_it()
    {
        var user = await harness.NewUserAsync();
        var sendAt = harness.Clock.GetUtcNow().AddDays(30);
        var notification = harness.Update(user, "order.accepted") with { SendAt = sendAt };
        await harness.PublishAsync(notification);

        var scheduled = await harness.WaitForStatusAsync(notification.Id, NotificationStatus.Scheduled);
        var row = await harness.DeferredAsync(notification.Id);
        Assert.Equal("pending", row?.State);
        Assert.Equal(Micro(sendAt), row?.ReleaseAt);
        Assert.Contains(scheduled.Timeline, t => t.Kind == StatusKind.Scheduled && t.Reason!.StartsWith("scheduled for", StringComparison.Ordinal));
        Assert.Empty(await harness.Sandbox.Control.MessagesAsync(user, "push"));

        harness.Clock.Advance(TimeSpan.FromDays(30));

        await harness.WaitForStatusAsync(notification.Id, NotificationStatus.Sent);
        Assert.Single(await harness.Sandbox.Control.MessagesAsync(user, "push"));
        Assert.Equal("released", (await harness.DeferredAsync(notification.Id))?.State);
    }

    [Fact]
    public async Task Two_dispatchers_release_each_scheduled_notification_once()
    {
        var user = await harness.NewUserAsync();
        var sendAt = harness.Clock.GetUtcNow().AddHours(2);
        var notifications = Enumerable.Range(0, 12).Select(_ => harness.Update(user, "order.accepted") with { SendAt = sendAt }).ToList();
        foreach (var n in notifications)
            await harness.PublishAsync(n);
        foreach (var n in notifications)
            await harness.WaitForStatusAsync(n.Id, NotificationStatus.Scheduled);

        harness.Clock.Advance(TimeSpan.FromHours(2));

        foreach (var n in notifications)
            await harness.WaitForStatusAsync(n.Id, NotificationStatus.Sent);
        var traffic = await harness.Sandbox.Control.StatsAsync(user);
        Assert.Equal((12L, 0L), (traffic.Total.Accepted, traffic.Total.Duplicates));
        Assert.Equal(12, (await harness.Sandbox.Control.MessagesAsync(user, "push")).Select(m => m.IdempotencyKey).Distinct().Count());
    }

    [Fact]
    public async Task A_scheduled_notification_survives_a_restart_of_every_dispatcher()
    {
        var user = await harness.NewUserAsync();
        var notification = harness.Update(user, "order.accepted") with { SendAt = harness.Clock.GetUtcNow().AddHours(6) };
        await harness.PublishAsync(notification);
        await harness.WaitForStatusAsync(notification.Id, NotificationStatus.Scheduled);

        await harness.StopReplicaAsync(1);
        await harness.StopReplicaAsync(0);
        harness.Clock.Advance(TimeSpan.FromHours(6));
        await harness.StartReplicaAsync();
        await harness.StartReplicaAsync();

        await harness.WaitForStatusAsync(notification.Id, NotificationStatus.Sent);
        Assert.Single(await harness.Sandbox.Control.MessagesAsync(user, "push"));
    }

    [Fact]
    public async Task Cancelling_a_scheduled_notification_drops_it_from_the_schedule()
    {
        var user = await harness.NewUserAsync();
        var notification = harness.Update(user, "order.accepted") with { SendAt = harness.Clock.GetUtcNow().AddDays(1) };
        await harness.PublishAsync(notification);
        await harness.WaitForStatusAsync(notification.Id, NotificationStatus.Scheduled);
        var cancellation = new NotificationCancellation(harness.Services.GetRequiredService<NotificationStore>(), new QueuedNotifications(harness.JetStream),
            new Cancellations(harness.JetStream), harness.JetStream.Connection, harness.Services.GetRequiredService<DeferredSchedule>(), NullLogger<NotificationCancellation>.Instance);

        var (verdict, _) = await cancellation.CancelAsync(DispatcherHarness.Tenant, notification.Id, "test", CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromDays(1));

        Assert.Equal(CancelVerdict.Cancelled, verdict);
        await Eventually.UntilAsync(async () => (await harness.DeferredAsync(notification.Id))?.State == "cancelled", TimeSpan.FromSeconds(20),
            "the releaser dropped it");
        Assert.Equal(NotificationStatus.Cancelled, (await harness.WaitForStatusAsync(notification.Id, NotificationStatus.Cancelled)).Notification.Status);
        Assert.Empty(await harness.Sandbox.Control.MessagesAsync(user, "push"));
    }

    [Fact]
    public async Task Quiet_hours_across_midnight_hold_a_normal_notification_until_the_local_morning()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var user = await harness.NewUserAsync("America/New_York", Night);
        var lateEvening = NextLocal(newYork, new TimeOnly(23, 30));
        harness.Clock.Advance(lateEvening - harness.Clock.GetUtcNow());
        var morning = TimeZoneInfo.ConvertTimeToUtc(TimeZoneInfo.ConvertTime(lateEvening, newYork).Date.AddDays(1).AddHours(7), newYork);

        var notification = harness.Update(user, "account.updated");
        await harness.PublishAsync(notification);

        var held = await harness.WaitForStatusAsync(notification.Id, NotificationStatus.Scheduled);
        Assert.Equal(("pending", new DateTimeOffset(morning)), await harness.DeferredAsync(notification.Id));
        Assert.Contains(held.Timeline, t => t.Kind == StatusKind.Scheduled && t.Reason!.StartsWith("quiet hours until", StringComparison.Ordinal));

        harness.Clock.Advance(new DateTimeOffset(morning) - harness.Clock.GetUtcNow());

        await harness.WaitForStatusAsync(notification.Id, NotificationStatus.Sent);
        Assert.Single(await harness.Sandbox.Control.MessagesAsync(user, "push"));
    }

    [Fact]
    public async Task Quiet_hours_end_at_the_local_time_across_a_dst_change()
    {
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var user = await harness.NewUserAsync("Europe/London", Night);
        var springForward = NextSpringForwardInLondon(harness.Clock.GetUtcNow());
        harness.Clock.Advance(springForward.AddHours(-1.5) - harness.Clock.GetUtcNow()); // 23:30 GMT the evening before

        var notification = harness.Update(user, "account.updated");
        await harness.PublishAsync(notification);
        await harness.WaitForStatusAsync(notification.Id, NotificationStatus.Scheduled);

        // 07:00 BST is 06:00 UTC: five and a half hours on the clock, not six and a half.
        var morning = springForward.AddHours(5);
        Assert.Equal(("pending", morning), await harness.DeferredAsync(notification.Id));
        Assert.Equal(new TimeOnly(7, 0), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(morning, london).DateTime));

        harness.Clock.Advance(morning - harness.Clock.GetUtcNow());

        await harness.WaitForStatusAsync(notification.Id, NotificationStatus.Sent);
    }

    [Fact]
    public async Task A_critical_notification_goes_through_quiet_hours_while_a_normal_one_waits()
    {
        var now = TimeOnly.FromDateTime(harness.Clock.GetUtcNow().UtcDateTime);
        var user = await harness.NewUserAsync("UTC", new QuietHours(now.AddHours(-1), now.AddHours(1)));
        var critical = harness.Update(user, "security.new_login");
        var normal = harness.Update(user, "account.updated");

        await harness.PublishAsync(normal);
        await harness.PublishAsync(critical);

        await harness.WaitForStatusAsync(critical.Id, NotificationStatus.Sent);
        await harness.WaitForStatusAsync(normal.Id, NotificationStatus.Scheduled);
        var push = Assert.Single(await harness.Sandbox.Control.MessagesAsync(user, "push"));
        Assert.Equal($"{critical.Id:N}-push", push.IdempotencyKey);
    }

    [Fact]
    public async Task Three_order_updates_within_the_window_are_sent_once_with_their_texts_combined()
    {
        var user = await harness.NewUserAsync();
        var order = TestNames.Unique("order");
        var start = harness.Clock.GetUtcNow();
        NotificationEnvelope[] updates =
        [
            harness.Update(user, "order.placed", order),
            harness.Update(user, "order.accepted", order) with { AcceptedAt = start.AddMilliseconds(1) },
            harness.Update(user, "order.preparing", order) with { AcceptedAt = start.AddMilliseconds(2) },
        ];
        foreach (var update in updates)
            await harness.PublishAsync(update);
        foreach (var update in updates)
            await harness.WaitForStatusAsync(update.Id, NotificationStatus.Scheduled);
        Assert.Empty(await harness.Sandbox.Control.MessagesAsync(user, "push"));

        harness.Clock.Advance(TimeSpan.FromSeconds(61));

        var push = await Eventually.ValueAsync(async () => (await harness.Sandbox.Control.MessagesAsync(user, "push")).SingleOrDefault(),
            TimeSpan.FromSeconds(20), "the batch was sent");
        Assert.Equal($"Your order {order} was placed, was accepted and is being prepared.", push.Body);
        var survivor = updates.Single(u => push.IdempotencyKey == $"{u.Id:N}-push");
        var sent = await harness.WaitForStatusAsync(survivor.Id, NotificationStatus.Sent);
        var merged = Assert.Single(sent.Timeline, t => t.Kind == StatusKind.Merged);
        foreach (var folded in updates.Where(u => u != survivor))
        {
            Assert.Contains(folded.Id.ToString(), merged.Reason, StringComparison.Ordinal);
            var details = await harness.WaitForStatusAsync(folded.Id, NotificationStatus.Merged);
            Assert.Equal((survivor.Id, $"merged into {survivor.Id}"), (details.Notification.MergedInto, details.Notification.StatusReason));
        }
        Assert.Single(await harness.Sandbox.Control.MessagesAsync(user, "push"));
    }

    [Fact]
    public async Task A_full_batch_takes_no_more_updates_and_the_next_one_goes_on_its_own()
    {
        var user = await harness.NewUserAsync();
        var order = TestNames.Unique("order");
        var start = harness.Clock.GetUtcNow();
        var updates = Enumerable.Range(0, 5).Select(i => harness.Update(user, "order.preparing", order) with { AcceptedAt = start.AddMilliseconds(i) }).ToList();
        foreach (var update in updates)
        {
            await harness.PublishAsync(update);
            await harness.WaitForStatusAsync(update.Id, NotificationStatus.Scheduled); // one at a time: the batch fills in this order
        }

        harness.Clock.Advance(TimeSpan.FromSeconds(61));

        foreach (var update in updates.Skip(1).Take(3))
            Assert.Equal(updates[0].Id, (await harness.WaitForStatusAsync(update.Id, NotificationStatus.Merged)).Notification.MergedInto);
        await harness.WaitForStatusAsync(updates[0].Id, NotificationStatus.Sent);
        await harness.WaitForStatusAsync(updates[4].Id, NotificationStatus.Sent);
        Assert.Equal(2, (await harness.Sandbox.Control.MessagesAsync(user, "push")).Count);
    }

    [Fact]
    public async Task A_critical_update_within_the_window_goes_at_once_and_supersedes_the_waiting_ones()
    {
        var user = await harness.NewUserAsync();
        var order = TestNames.Unique("order");
        var preparing = harness.Update(user, "order.preparing", order);
        await harness.PublishAsync(preparing);
        await harness.WaitForStatusAsync(preparing.Id, NotificationStatus.Scheduled);

        var onItsWay = harness.Update(user, "order.out_for_delivery", order);
        await harness.PublishAsync(onItsWay);

        await harness.WaitForStatusAsync(onItsWay.Id, NotificationStatus.Sent);
        var push = Assert.Single(await harness.Sandbox.Control.MessagesAsync(user, "push"));
        Assert.Equal($"Your order {order} is out for delivery.", push.Body);
        var superseded = await harness.WaitForStatusAsync(preparing.Id, NotificationStatus.Merged);
        Assert.Equal(onItsWay.Id, superseded.Notification.MergedInto);
        Assert.Equal("superseded", (await harness.DeferredAsync(preparing.Id))?.State);
    }

    private static DateTimeOffset Micro(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);

    private DateTimeOffset NextLocal(TimeZoneInfo zone, TimeOnly time)
    {
        var now = harness.Clock.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var candidate = local.Date + time.ToTimeSpan();
        if (candidate <= local)
            candidate = candidate.AddDays(1);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(candidate, zone));
    }

    /// <summary>01:00 UTC on the last Sunday of March after <paramref name="now"/>, when London moves from GMT to BST.</summary>
    private static DateTimeOffset NextSpringForwardInLondon(DateTimeOffset now)
    {
        for (var year = now.Year; ; year++)
        {
            var day = new DateTime(year, 3, 31);
            while (day.DayOfWeek != DayOfWeek.Sunday)
                day = day.AddDays(-1);
            var change = new DateTimeOffset(day.AddHours(1), TimeSpan.Zero);
            if (change.AddHours(-1.5) > now)
                return change;
        }
    }
}
