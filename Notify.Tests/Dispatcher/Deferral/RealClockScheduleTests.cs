using Microsoft.Extensions.DependencyInjection;
using Notify.Core.Notifications;
using Notify.Core.Status;
using Notify.Core.Storage;
using Notify.Tests.Infrastructure;
using Npgsql;

namespace Notify.Tests.Dispatcher.Deferral;

/// <summary>A dispatcher whose schedule cannot be written (its table is out of the way): held notifications wait in the work stream.</summary>
public sealed class ScheduleFallbackTests(DispatcherHarness harness) : IClassFixture<DispatcherHarness>
{
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
