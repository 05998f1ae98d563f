using Microsoft.Extensions.DependencyInjection;
using Notify.Core.Notifications;
using Notify.Core.Status;
using Notify.Core.Storage;
using Notify.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace Notify.Tests.Dispatcher.Deferral;

/// <summary>Scheduling on the real clock: on time through the schedule, and through the work stream while the schedule cannot be written.</summary>
public sealed class RealClockScheduleTests(DispatcherHarness harness, ITestOutputHelper output) : IClassFixture<DispatcherHarness>
{
    [Fact]
    public async Task A_notification_scheduled_two_seconds_ahead_arrives_and_not_before_its_time()
    {
        var user = await harness.NewUserAsync(phone: "+447700900789");
        var sendAt = DateTimeOffset.UtcNow.AddSeconds(2);
        var notification = DispatcherHarness.Notification(user, "order.accepted", channels: [Channel.Sms]) with { SendAt = sendAt };
        await harness.PublishAsync(notification);

        var sms = await Eventually.ValueAsync(async () => (await harness.Sandbox.Control.MessagesAsync(user, "sms")).SingleOrDefault(),
            TimeSpan.FromSeconds(20), "the scheduled sms arrived");
        Assert.True(sms.ReceivedAt >= sendAt, $"arrived at {sms.ReceivedAt:O}, before its time {sendAt:O}");
        output.WriteLine($"arrived {(sms.ReceivedAt - sendAt).TotalMilliseconds:0} ms after its sendAt");
    }

    [Fact]
    public async Task Without_the_schedule_a_scheduled_notification_waits_in_the_work_stream_and_still_goes_at_its_time()
    {
        var db = harness.Services.GetRequiredService<NpgsqlDataSource>();
        await using (var hide = db.CreateCommand("ALTER TABLE deferred_notifications RENAME TO deferred_notifications_away"))
            await hide.ExecuteNonQueryAsync();
        try
        {
            var user = await harness.NewUserAsync(phone: "+447700900321");
            var sendAt = DateTimeOffset.UtcNow.AddSeconds(2);
            var notification = DispatcherHarness.Notification(user, "order.accepted", channels: [Channel.Sms]) with { SendAt = sendAt };
            await harness.PublishAsync(notification);

            var sent = await harness.WaitForAsync(notification.Id, d => d.Notification.Status == NotificationStatus.Sent, "sent at its time");
            Assert.Contains(sent.Timeline, t => t.Kind == StatusKind.Scheduled && t.Reason!.EndsWith("(waiting in the work stream)", StringComparison.Ordinal));
            var sms = Assert.Single(await harness.Sandbox.Control.MessagesAsync(user, "sms"));
            Assert.True(sms.ReceivedAt >= sendAt, $"arrived at {sms.ReceivedAt:O}, before its time {sendAt:O}");
        }
        finally
        {
            await using var restore = db.CreateCommand("ALTER TABLE deferred_notifications_away RENAME TO deferred_notifications");
            await restore.ExecuteNonQueryAsync();
        }
    }
}
