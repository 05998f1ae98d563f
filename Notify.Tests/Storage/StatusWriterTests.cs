using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Notify.Core.Notifications;
using Notify.Core.Status;
using Notify.Core.Storage;
using Npgsql;
using Xunit.Abstractions;

namespace Notify.Tests.Storage;

public sealed class StatusWriterTests(MigratedDatabaseFixture database, ITestOutputHelper output) : IClassFixture<MigratedDatabaseFixture>
{
    private readonly StatusWriter _writer = new(database.DataSource, NullLogger<StatusWriter>.Instance);
    private readonly NotificationStore _notifications = new(database.DataSource);

    [Fact]
    public async Task Accepted_then_retrying_then_sent_ends_sent_with_the_delivery_history()
    {
        var n = new StatusEvents("acme");

        await _writer.WriteBatchAsync([n.Accepted(0)]);
        Assert.Equal(NotificationStatus.Accepted, (await GetAsync(n)).Notification.Status);
        await _writer.WriteBatchAsync([n.Retrying(Channel.Push, 1, 1), n.Retrying(Channel.Push, 2, 3)]);
        Assert.Equal(NotificationStatus.Processing, (await GetAsync(n)).Notification.Status);
        await _writer.WriteBatchAsync([n.Sent(Channel.Push, 3, 7)]);

        NotificationDetails details = await GetAsync(n);
        StoredNotification stored = details.Notification;
        Assert.Equal(NotificationStatus.Sent, stored.Status);
        Assert.Equal(("user-1", "order.out_for_delivery", Priority.Critical), (stored.UserId, stored.Type, stored.Priority));
        Assert.Equal([Channel.Push, Channel.Sms], stored.Channels);
        Assert.Equal("12:30", stored.Data!.Value.GetProperty("eta").GetString());
        Assert.Equal("order-42", stored.OrderId);
        Assert.Equal(StatusEvents.At(0), stored.AcceptedAt);
        Assert.Equal(StatusEvents.At(7), stored.UpdatedAt);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", stored.TraceId);
        Delivery push = Assert.Single(details.Deliveries);
        Assert.Equal((Channel.Push, StatusKind.Sent, 3), (push.Channel, push.Status, push.Attempts));
        Assert.Equal(("fcm", "fcm-3"), (push.Provider, push.ProviderMessageId));
        Assert.Equal("provider returned 503", push.LastError);
        Assert.Equal((StatusEvents.At(1), StatusEvents.At(7), StatusEvents.At(7)), (push.FirstAttemptAt, push.LastAttemptAt, push.SentAt));
        Assert.Null(push.NextRetryAt);
        Assert.Equal(
            [StatusKind.Accepted, StatusKind.Retrying, StatusKind.Retrying, StatusKind.Sent],
            details.Timeline.Select(t => t.Kind));
    }

    [Fact]
    public async Task Events_that_overtake_the_accepted_event_create_the_row_and_the_envelope_fills_it_later()
    {
        var n = new StatusEvents("acme");

        await _writer.WriteBatchAsync([n.Retrying(Channel.Push, 1, 2)]);
        StoredNotification early = (await GetAsync(n)).Notification;
        Assert.Equal((NotificationStatus.Processing, "acme"), (early.Status, early.Tenant));
        Assert.Null(early.UserId);
        Assert.Null(early.Priority);
        Assert.Equal(StatusEvents.At(2), early.AcceptedAt);

        await _writer.WriteBatchAsync([n.Accepted(1)]);

        StoredNotification filled = (await GetAsync(n)).Notification;
        Assert.Equal(NotificationStatus.Processing, filled.Status);
        Assert.Equal(("user-1", Priority.Critical), (filled.UserId, filled.Priority));
        Assert.Equal(StatusEvents.Start, filled.AcceptedAt);
        Assert.Equal(StatusEvents.At(2), filled.UpdatedAt);
        Assert.Contains(n.Id, (await _notifications.ListByUserAsync("acme", "user-1", limit: 200)).Items.Select(s => s.Id));
    }

    [Fact]
    public async Task Batches_applied_in_any_order_end_in_the_same_rows()
    {
        var inOrder = new StatusEvents("acme");
        var reversed = new StatusEvents("acme");
        Func<StatusEvents, StatusEvent[]>[] batches =
        [
            n => [n.Accepted(0), n.Retrying(Channel.Push, 1, 1)],
            n => [n.Retrying(Channel.Push, 2, 3), n.Failed(Channel.Push, 3, 6, "token unregistered")],
            n => [n.Retrying(Channel.Sms, 1, 7), n.Sent(Channel.Sms, 2, 9)],
        ];

        foreach (Func<StatusEvents, StatusEvent[]> batch in batches)
        {
            await _writer.WriteBatchAsync(batch(inOrder));
        }

        foreach (Func<StatusEvents, StatusEvent[]> batch in batches.Reverse())
        {
            await _writer.WriteBatchAsync(batch(reversed));
        }

        Assert.Equal(
            (await StoredRows.OfAsync(database.DataSource, inOrder.Id)).Replace(inOrder.Id.ToString(), "id"),
            (await StoredRows.OfAsync(database.DataSource, reversed.Id)).Replace(reversed.Id.ToString(), "id"));
        NotificationDetails details = await GetAsync(reversed);
        Assert.Equal(NotificationStatus.Sent, details.Notification.Status);
        Assert.Equal(
            [(Channel.Push, StatusKind.Failed, "token unregistered"), (Channel.Sms, StatusKind.Sent, null)],
            details.Deliveries.Select(d => (d.Channel, d.Status, d.Reason)));
    }

    [Fact]
    public async Task Applying_the_same_batch_twice_leaves_the_same_rows()
    {
        var n = new StatusEvents("acme");
        StatusEvent[] batch = [n.Accepted(0), n.Retrying(Channel.Push, 1, 1), n.Sent(Channel.Push, 2, 4), n.Skipped(Channel.Sms, 4, "no phone number")];

        await _writer.WriteBatchAsync(batch);
        string once = await StoredRows.OfAsync(database.DataSource, n.Id);
        await _writer.WriteBatchAsync(batch);
        await _writer.WriteBatchAsync([.. batch.Reverse()]);

        Assert.Equal(once, await StoredRows.OfAsync(database.DataSource, n.Id));
        Assert.Equal(4, (await GetAsync(n)).Timeline.Count);
    }

    [Fact]
    public async Task A_late_older_event_does_not_overwrite_a_final_delivery_state()
    {
        var n = new StatusEvents("acme");
        await _writer.WriteBatchAsync([n.Accepted(0), n.Sent(Channel.Push, 2, 5), n.DeadLettered(Channel.Sms, 5, 8)]);

        await _writer.WriteBatchAsync([n.Retrying(Channel.Push, 1, 2, "late timeout"), n.Retrying(Channel.Sms, 4, 6)]);
        await _writer.WriteBatchAsync([n.Retrying(Channel.Push, 3, 9, "newer, but the provider already has it")]);

        NotificationDetails details = await GetAsync(n);
        Assert.Equal(NotificationStatus.Sent, details.Notification.Status);
        Delivery push = details.Deliveries.Single(d => d.Channel == Channel.Push);
        Assert.Equal((StatusKind.Sent, 3, "fcm-2", StatusEvents.At(5)), (push.Status, push.Attempts, push.ProviderMessageId, push.SentAt));
        Assert.Null(push.NextRetryAt);
        Delivery sms = details.Deliveries.Single(d => d.Channel == Channel.Sms);
        Assert.Equal((StatusKind.DeadLettered, 5, "max deliveries reached"), (sms.Status, sms.Attempts, sms.Reason));
        Assert.Equal(6, details.Timeline.Count);
    }

    [Fact]
    public async Task Every_channel_failing_makes_the_notification_dead_with_the_last_reason()
    {
        var n = new StatusEvents("acme");

        await _writer.WriteBatchAsync([n.Accepted(0), n.Failed(Channel.Push, 1, 1, "token unregistered"), n.DeadLettered(Channel.Sms, 5, 9, "max deliveries reached")]);

        StoredNotification stored = (await GetAsync(n)).Notification;
        Assert.Equal((NotificationStatus.Dead, "max deliveries reached"), (stored.Status, stored.StatusReason));
    }

    [Fact]
    public async Task Under_routing_all_a_send_makes_it_sent_only_once_every_other_channel_settled()
    {
        var all = new StatusEvents("acme");
        await _writer.WriteBatchAsync([all.Accepted(0), all.Sent(Channel.Push, 1, 1) with { Routing = Routing.All },
            all.Retrying(Channel.Sms, 1, 1) with { Routing = Routing.All }]);
        StoredNotification waiting = (await GetAsync(all)).Notification;
        Assert.Equal((NotificationStatus.Processing, Routing.All), (waiting.Status, waiting.Routing));
        await _writer.WriteBatchAsync([all.Failed(Channel.Sms, 2, 3, "invalid number") with { Routing = Routing.All }]);
        Assert.Equal(NotificationStatus.Sent, (await GetAsync(all)).Notification.Status);

        // Given up on the channel still retrying (max deliveries): sent, as one channel was.
        var abandoned = new StatusEvents("acme");
        await _writer.WriteBatchAsync([abandoned.Accepted(0), abandoned.Sent(Channel.Push, 1, 1) with { Routing = Routing.All },
            abandoned.Retrying(Channel.Sms, 6, 9) with { Routing = Routing.All }, abandoned.Of(StatusKind.DeadLettered, 9, "max_deliveries")]);
        Assert.Equal(NotificationStatus.Sent, (await GetAsync(abandoned)).Notification.Status);

        // A fallback chain reads sent as soon as one channel is, as it always did.
        var chain = new StatusEvents("acme");
        await _writer.WriteBatchAsync([chain.Accepted(0), chain.Sent(Channel.InApp, 1, 1) with { Routing = Routing.Fallback },
            chain.Retrying(Channel.Push, 1, 1) with { Routing = Routing.Fallback }]);
        Assert.Equal(NotificationStatus.Sent, (await GetAsync(chain)).Notification.Status);
    }

    [Fact]
    public async Task Skipped_channels_make_the_notification_skipped_with_the_reason()
    {
        var n = new StatusEvents("acme");

        await _writer.WriteBatchAsync([n.Accepted(0), n.Skipped(Channel.Push, 1, "no push token"), n.Skipped(Channel.Sms, 2, "no phone number")]);

        StoredNotification stored = (await GetAsync(n)).Notification;
        Assert.Equal((NotificationStatus.Skipped, "no phone number"), (stored.Status, stored.StatusReason));
    }

    [Fact]
    public async Task A_notification_wide_skip_gives_its_reason()
    {
        var n = new StatusEvents("acme");

        await _writer.WriteBatchAsync([n.Accepted(0), n.Of(StatusKind.Skipped, 1, "user opted out of promo.*")]);

        StoredNotification stored = (await GetAsync(n)).Notification;
        Assert.Equal((NotificationStatus.Skipped, "user opted out of promo.*"), (stored.Status, stored.StatusReason));
    }

    [Fact]
    public async Task Scheduled_notification_stays_scheduled_until_a_delivery_starts()
    {
        var n = new StatusEvents("acme");

        await _writer.WriteBatchAsync([n.Accepted(0), n.Of(StatusKind.Scheduled, 1)]);
        Assert.Equal(NotificationStatus.Scheduled, (await GetAsync(n)).Notification.Status);

        await _writer.WriteBatchAsync([n.Retrying(Channel.Push, 1, 3600)]);
        Assert.Equal(NotificationStatus.Processing, (await GetAsync(n)).Notification.Status);
    }

    [Fact]
    public async Task A_replay_revives_a_dead_notification_and_counts_once_however_often_it_is_applied()
    {
        var n = new StatusEvents("acme");
        await _writer.WriteBatchAsync([n.Accepted(0), n.DeadLettered(Channel.Push, 5, 10)]);
        Assert.Equal(NotificationStatus.Dead, (await GetAsync(n)).Notification.Status);

        StatusEvent replay = n.Of(StatusKind.Replayed, 20, "replayed by ops");
        await _writer.WriteBatchAsync([replay]);
        await _writer.WriteBatchAsync([replay]);
        StoredNotification replayed = (await GetAsync(n)).Notification;
        Assert.Equal((NotificationStatus.Accepted, 1), (replayed.Status, replayed.ReplayCount));

        await _writer.WriteBatchAsync([n.Retrying(Channel.Push, 1, 21), n.Sent(Channel.Push, 2, 23)]);
        NotificationDetails details = await GetAsync(n);
        Assert.Equal((NotificationStatus.Sent, 1), (details.Notification.Status, details.Notification.ReplayCount));
        Assert.Equal((StatusKind.Sent, 5), (details.Deliveries[0].Status, details.Deliveries[0].Attempts));
    }

    [Fact]
    public async Task Merged_event_marks_the_folded_notifications_merged_into_the_survivor()
    {
        var survivor = new StatusEvents("acme");
        var folded = new StatusEvents("acme");
        await _writer.WriteBatchAsync([survivor.Accepted(0), folded.Accepted(1)]);

        await _writer.WriteBatchAsync([new StatusEvent(survivor.Id, "acme", StatusKind.Merged, StatusEvents.At(2)) { MergedIds = [folded.Id] }]);

        NotificationDetails foldedDetails = await GetAsync(folded);
        Assert.Equal((NotificationStatus.Merged, survivor.Id), (foldedDetails.Notification.Status, foldedDetails.Notification.MergedInto));
        Assert.Equal($"merged into {survivor.Id}", foldedDetails.Notification.StatusReason);
        Assert.Equal(StatusKind.Merged, foldedDetails.Timeline[^1].Kind);
        NotificationDetails survivorDetails = await GetAsync(survivor);
        Assert.Equal(NotificationStatus.Accepted, survivorDetails.Notification.Status);
        Assert.Equal(StatusKind.Merged, survivorDetails.Timeline[^1].Kind);
    }

    [Fact]
    public async Task Timeline_is_in_event_order_whatever_order_the_batches_arrive_in()
    {
        var n = new StatusEvents("acme");

        await _writer.WriteBatchAsync([n.Sent(Channel.Push, 3, 9)]);
        await _writer.WriteBatchAsync([n.Retrying(Channel.Push, 2, 5), n.Accepted(0)]);
        await _writer.WriteBatchAsync([n.Retrying(Channel.Push, 1, 2)]);

        NotificationDetails details = await GetAsync(n);
        Assert.Equal([0, 2, 5, 9], details.Timeline.Select(t => (int)(t.At - StatusEvents.Start).TotalSeconds));
        Assert.Equal([0, 1, 2, 3], details.Timeline.Select(t => t.Attempt));
        Assert.Equal("fcm-3", details.Timeline[^1].ProviderMessageId);
    }

    [Fact]
    public async Task Two_writers_applying_overlapping_batches_at_once_lose_nothing()
    {
        StatusEvents[] notifications = [.. Enumerable.Range(0, 40).Select(_ => new StatusEvents("acme"))];
        StatusEvents[] references = [.. Enumerable.Range(0, 40).Select(_ => new StatusEvents("acme"))];
        static StatusEvent[] History(StatusEvents n) =>
        [
            n.Accepted(0), n.Retrying(Channel.Push, 1, 1), n.Retrying(Channel.Push, 2, 3), n.Failed(Channel.Push, 3, 7, "token unregistered"),
            n.Retrying(Channel.Sms, 1, 8), n.Sent(Channel.Sms, 2, 10), n.Skipped(Channel.Email, 8, "no email address"),
        ];
        var random = new Random(7);
        StatusEvent[] shuffled = [.. notifications.SelectMany(History).OrderBy(_ => random.Next())];
        StatusEvent[][] batches = shuffled.Chunk(20).ToArray();

        await Task.WhenAll(
            Task.Run(async () => { foreach (StatusEvent[] batch in batches.Where((_, i) => i % 2 == 0)) await _writer.WriteBatchAsync(batch); }),
            Task.Run(async () => { foreach (StatusEvent[] batch in batches.Where((_, i) => i % 2 == 1).Reverse()) await _writer.WriteBatchAsync(batch); }));
        await _writer.WriteBatchAsync([.. references.SelectMany(History)]);

        for (int i = 0; i < notifications.Length; i++)
        {
            Assert.Equal(
                (await StoredRows.OfAsync(database.DataSource, references[i].Id)).Replace(references[i].Id.ToString(), "id"),
                (await StoredRows.OfAsync(database.DataSource, notifications[i].Id)).Replace(notifications[i].Id.ToString(), "id"));
        }
    }

    [Fact]
    public async Task A_batch_that_fails_part_way_leaves_nothing_behind()
    {
        // A trigger makes the timeline insert (the third statement) fail after the notification and delivery upserts ran.
        await using (NpgsqlCommand trigger = database.DataSource.CreateCommand("""
            CREATE OR REPLACE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION 'poisoned event'; END $$;
            CREATE OR REPLACE TRIGGER refuse_poison BEFORE INSERT ON delivery_events
                FOR EACH ROW WHEN (NEW.reason = 'poison') EXECUTE FUNCTION refuse_poison();
            """))
        {
            await trigger.ExecuteNonQueryAsync();
        }

        var n = new StatusEvents("acme");

        await Assert.ThrowsAsync<PostgresException>(() => _writer.WriteBatchAsync([n.Accepted(0), n.Retrying(Channel.Push, 1, 1), n.Of(StatusKind.Scheduled, 2, "poison")]));

        Assert.Equal(0, await StoredRows.CountAsync(database.DataSource, "SELECT count(*) FROM notifications WHERE id = $1", n.Id));
        Assert.Equal(0, await StoredRows.CountAsync(database.DataSource, "SELECT count(*) FROM deliveries WHERE notification_id = $1", n.Id));
    }

    [Fact]
    public async Task A_nul_character_from_a_provider_is_dropped_rather_than_failing_the_batch()
    {
        var n = new StatusEvents("acme");

        await _writer.WriteBatchAsync([n.Accepted(0), n.Retrying(Channel.Sms, 1, 1, "bad\0gateway")]);

        Assert.Equal("badgateway", (await GetAsync(n)).Deliveries[0].LastError);
    }

    [Fact]
    public async Task A_500_event_batch_is_written_whole_in_one_call()
    {
        StatusEvents[] notifications = [.. Enumerable.Range(0, 100).Select(_ => new StatusEvents("bulk", $"user-{Random.Shared.Next(10)}"))];
        StatusEvent[] events = [.. notifications.SelectMany(n => new[]
        {
            n.Accepted(0), n.Retrying(Channel.Push, 1, 1), n.Retrying(Channel.Push, 2, 3), n.Sent(Channel.Push, 3, 6), n.Skipped(Channel.Sms, 6, "no phone number"),
        })];
        Assert.Equal(500, events.Length);
        await _writer.WriteBatchAsync([new StatusEvents("warm-up").Accepted()]); // opens a connection before the clock starts

        var clock = Stopwatch.StartNew();
        await _writer.WriteBatchAsync(events);
        output.WriteLine($"500 events ({notifications.Length} notifications) written in {clock.Elapsed.TotalMilliseconds:0.0} ms");

        Assert.Equal(100, await StoredRows.CountAsync(database.DataSource, "SELECT count(*) FROM notifications WHERE tenant = 'bulk' AND status = 'sent'"));
        Assert.Equal(500, await StoredRows.CountAsync(database.DataSource,
            "SELECT count(*) FROM delivery_events e JOIN notifications n ON n.id = e.notification_id WHERE n.tenant = 'bulk' AND n.user_id LIKE 'user-%'"));
    }

    private async Task<NotificationDetails> GetAsync(StatusEvents n) =>
        await _notifications.GetAsync(n.Tenant, n.Id) ?? throw new Xunit.Sdk.XunitException($"notification {n.Id} is not stored");
}
