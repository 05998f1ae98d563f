using Notify.Core.Messaging;
using Notify.Core.Storage;

namespace Notify.Tests.Dispatcher;

/// <summary>
/// The status writers tell live ops consoles when they recorded a tenant's statuses. A harness of its own, apart from
/// the pipeline tests, which share one dispatcher's providers and circuit breakers in an order of their own.
/// </summary>
public sealed class StatusAnnouncementTests(DispatcherHarness harness) : IClassFixture<DispatcherHarness>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Status_writer_announces_the_tenant_whose_statuses_it_recorded()
    {
        var nats = harness.JetStream.Connection;
        await using var announcements = await nats.SubscribeCoreAsync<byte[]>(Subjects.StatusesRecorded(DispatcherHarness.Tenant));
        await nats.PingAsync(); // subscribed before anything is recorded
        var user = await harness.NewUserAsync();
        var notification = DispatcherHarness.Notification(user);
        await harness.PublishAsync(notification);

        await harness.WaitForAsync(notification.Id, d => d.Notification.Status == NotificationStatus.Sent, "push sent");
        using var deadline = new CancellationTokenSource(Deadline);
        Assert.True(await announcements.Msgs.WaitToReadAsync(deadline.Token));
    }
}
