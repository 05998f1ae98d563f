using Microsoft.Extensions.Logging.Abstractions;
using Notify.Core.Notifications;
using Notify.Core.Status;
using Notify.Core.Storage;

namespace Notify.Tests.Storage;

public sealed class NotificationStoreTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>
{
    private readonly StatusWriter _writer = new(database.DataSource, NullLogger<StatusWriter>.Instance);
    private readonly NotificationStore _store = new(database.DataSource);

    [Fact]
    public async Task A_notification_is_found_only_under_its_own_tenant()
    {
        var n = new StatusEvents("acme");
        await _writer.WriteBatchAsync([n.Accepted(0), n.Sent(Channel.Push, 1, 1)]);

        NotificationDetails? found = await _store.GetAsync("acme", n.Id);
        NotificationDetails? foreign = await _store.GetAsync("globex", n.Id);

        Assert.NotNull(found);
        Assert.Equal(n.Id, found.Notification.Id);
        Assert.Single(found.Deliveries);
        Assert.Equal(2, found.Timeline.Count);
        Assert.Null(foreign);
        Assert.Null(await _store.GetAsync("acme", Guid.CreateVersion7()));
    }

    [Fact]
    public async Task A_users_notifications_are_listed_newest_first_in_pages_that_do_not_overlap()
    {
        string tenant = "paging-" + Guid.NewGuid().ToString("N");
        var accepted = new List<StatusEvent>();
        for (int i = 0; i < 7; i++)
        {
            var n = new StatusEvents(tenant, "ana");
            // Two pairs share an accepted time: the id decides their order.
            accepted.Add(n.Accepted() with { Envelope = n.Envelope with { AcceptedAt = StatusEvents.At(i / 2) } });
        }

        await _writer.WriteBatchAsync([.. accepted, new StatusEvents(tenant, "ben").Accepted()]);

        var seen = new List<StoredNotification>();
        PageCursor? cursor = null;
        var pageSizes = new List<int>();
        do
        {
            Page<StoredNotification> page = await _store.ListByUserAsync(tenant, "ana", limit: 3, after: cursor);
            seen.AddRange(page.Items);
            pageSizes.Add(page.Items.Count);
            cursor = page.Next;
        }
        while (cursor is not null);

        Assert.Equal([3, 3, 1], pageSizes);
        Assert.Equal(
            accepted.OrderByDescending(e => e.Envelope!.AcceptedAt).ThenByDescending(e => e.NotificationId).Select(e => e.NotificationId),
            seen.Select(s => s.Id));
        Assert.All(seen, s => Assert.Equal("ana", s.UserId));
    }

    [Fact]
    public void Page_cursor_survives_its_text_form()
    {
        var cursor = new PageCursor(new DateTimeOffset(2025, 3, 1, 12, 0, 0, 123, TimeSpan.Zero).AddTicks(4560), Guid.CreateVersion7());

        Assert.True(PageCursor.TryParse(cursor.ToString(), out PageCursor parsed));
        Assert.Equal(cursor, parsed);
        Assert.False(PageCursor.TryParse("not-a-cursor", out _));
        Assert.False(PageCursor.TryParse(null, out _));
    }

    [Fact]
    public async Task Sent_lookups_report_only_deliveries_the_provider_accepted()
    {
        var sent = new StatusEvents("acme");
        var retrying = new StatusEvents("acme");
        await _writer.WriteBatchAsync([sent.Accepted(0), sent.Sent(Channel.Push, 1, 1), sent.Retrying(Channel.Sms, 1, 1), retrying.Retrying(Channel.Push, 1, 1)]);

        Assert.True(await _store.IsDeliverySentAsync(sent.Id, Channel.Push));
        Assert.False(await _store.IsDeliverySentAsync(sent.Id, Channel.Sms));
        Assert.False(await _store.IsDeliverySentAsync(retrying.Id, Channel.Push));
        Assert.False(await _store.IsDeliverySentAsync(Guid.CreateVersion7(), Channel.Push));
        IReadOnlySet<DeliveryKey> sentKeys = await _store.GetSentChannelsAsync([sent.Id, retrying.Id, Guid.CreateVersion7()]);
        Assert.Equal([new DeliveryKey(sent.Id, Channel.Push)], sentKeys);
        Assert.Empty(await _store.GetSentChannelsAsync([]));
    }

    [Fact]
    public async Task Cancel_succeeds_only_while_nothing_has_been_sent()
    {
        var pending = new StatusEvents("acme");
        var sent = new StatusEvents("acme");
        await _writer.WriteBatchAsync([pending.Accepted(0), pending.Retrying(Channel.Push, 1, 1), sent.Accepted(0), sent.Sent(Channel.Push, 1, 1)]);

        Assert.Equal(new CancelResult(CancelOutcome.Cancelled, NotificationStatus.Cancelled), await _store.TryCancelAsync("acme", pending.Id));
        Assert.Equal(new CancelResult(CancelOutcome.AlreadyCancelled, NotificationStatus.Cancelled), await _store.TryCancelAsync("acme", pending.Id));
        Assert.Equal(new CancelResult(CancelOutcome.TooLate, NotificationStatus.Sent), await _store.TryCancelAsync("acme", sent.Id));
        Assert.Equal(new CancelResult(CancelOutcome.NotFound, null), await _store.TryCancelAsync("globex", sent.Id));
        Assert.Equal(new CancelResult(CancelOutcome.NotFound, null), await _store.TryCancelAsync("acme", Guid.CreateVersion7()));

        NotificationDetails details = (await _store.GetAsync("acme", pending.Id))!;
        Assert.Equal((NotificationStatus.Cancelled, "cancelled by the client"), (details.Notification.Status, details.Notification.StatusReason));
        Assert.Equal(StatusKind.Cancelled, details.Timeline[^1].Kind);
        Assert.Equal(NotificationStatus.Sent, (await _store.GetAsync("acme", sent.Id))!.Notification.Status);
    }

    [Fact]
    public async Task A_cancelled_notification_stays_cancelled_as_later_events_arrive_unless_one_was_sent()
    {
        var quiet = new StatusEvents("acme");
        var raced = new StatusEvents("acme");
        await _writer.WriteBatchAsync([quiet.Accepted(0), raced.Accepted(0)]);
        await _store.TryCancelAsync("acme", quiet.Id);
        await _store.TryCancelAsync("acme", raced.Id);

        // A retry that was already in flight, and a send that beat the cancel to the provider.
        await _writer.WriteBatchAsync([quiet.Retrying(Channel.Push, 1, 1), raced.Sent(Channel.Push, 1, 1)]);

        Assert.Equal(NotificationStatus.Cancelled, (await _store.GetAsync("acme", quiet.Id))!.Notification.Status);
        Assert.Equal(NotificationStatus.Sent, (await _store.GetAsync("acme", raced.Id))!.Notification.Status);
    }
}
