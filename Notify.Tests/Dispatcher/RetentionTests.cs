using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Core.Storage;
using Notify.Dispatcher.Retention;
using Notify.Dispatcher.Telemetry;
using Notify.Tests.Storage;
using Npgsql;

namespace Notify.Tests.Dispatcher;

/// <summary>
/// The retention job against a real PostgreSQL: rows are written through the stores, made old by moving their times
/// back, and a round is run directly. The database is the class's own, but the tests do not assume it empty: they
/// check their own rows and count at least their own.
/// </summary>
public sealed class RetentionTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>, IDisposable
{
    private static readonly TimeSpan Old = TimeSpan.FromDays(400);
    private static readonly TimeSpan Recent = TimeSpan.FromDays(1);

    private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly StatusWriter _writer = new(database.DataSource, NullLogger<StatusWriter>.Instance);
    private readonly DeferredSchedule _schedule = new(database.DataSource);

    [Fact]
    public async Task A_round_deletes_what_outlived_its_age_with_its_children_and_keeps_recent_and_waiting_history()
    {
        var tenant = Tenant();
        var oldSent = await NotificationAsync(tenant, Old);
        var recentSent = await NotificationAsync(tenant, Recent);
        var stillScheduled = await NotificationAsync(tenant, Old, deferUntil: DateTimeOffset.UtcNow.AddDays(5));
        var changedLately = await NotificationAsync(tenant, Old, updatedAgo: Recent);
        var oldInbox = await InboxMessageAsync(tenant, Old);
        var recentInbox = await InboxMessageAsync(tenant, TimeSpan.FromDays(60));
        var oldLetter = await DeadLetterAsync(tenant, Old);
        var recentLetter = await DeadLetterAsync(tenant, Recent);
        var replayedLately = await DeadLetterAsync(tenant, Old);
        await ExecuteAsync("UPDATE dead_letters SET replayed_at = now() - $2, replay_count = 1 WHERE id = $1", replayedLately, Recent);
        var releasedLongAgo = await DeferredAsync(tenant, "released", TimeSpan.FromDays(8));
        var cancelledLongAgo = await DeferredAsync(tenant, "cancelled", TimeSpan.FromDays(8));
        var releasedLately = await DeferredAsync(tenant, "released", Recent);
        var telemetry = new DispatcherTelemetry(_metrics.GetRequiredService<IMeterFactory>());
        using var counted = new DeletedCounter(telemetry);

        var round = await Job(new RetentionOptions(), telemetry).RunOnceAsync(CancellationToken.None);

        Assert.True(round.Ran);
        Assert.Equal((0, 0, 0), await RowsOfAsync(oldSent));
        Assert.Equal((1, 1, 2), await RowsOfAsync(recentSent));
        Assert.Equal((1, 1, 2), await RowsOfAsync(stillScheduled));
        Assert.Equal((1, 1, 2), await RowsOfAsync(changedLately));
        Assert.Equal(["recent"], await SurvivorsAsync("inbox_messages", [oldInbox, recentInbox], (recentInbox, "recent")));
        Assert.Equal(["recent", "replayed lately"],
            await SurvivorsAsync("dead_letters", [oldLetter, recentLetter, replayedLately], (recentLetter, "recent"), (replayedLately, "replayed lately")));
        Assert.Equal(["recent", "waiting"],
            await SurvivorsAsync("deferred_notifications", [releasedLongAgo, cancelledLongAgo, releasedLately, stillScheduled], (releasedLately, "recent"),
                (stillScheduled, "waiting")));

        Assert.True(round.Deleted.Notifications >= 1 && round.Deleted.Deliveries >= 1 && round.Deleted.DeliveryEvents >= 2);
        Assert.True(round.Deleted.InboxMessages >= 1 && round.Deleted.DeadLetters >= 1 && round.Deleted.DeferredNotifications >= 2);
        Assert.Equal(round.Deleted.ByTable().Where(t => t.Rows > 0).ToDictionary(t => t.Table, t => t.Rows), counted.ByKind);
    }

    [Fact]
    public async Task A_backlog_larger_than_a_batch_is_deleted_in_batches_within_one_round()
    {
        var tenant = Tenant();
        Guid[] notifications = [.. await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => NotificationAsync(tenant, Old)))];
        Guid[] inbox = [.. await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => InboxMessageAsync(tenant, Old)))];
        var before = DateTimeOffset.UtcNow - TimeSpan.FromDays(30);

        await using (var session = await new HistoryRetention(database.DataSource).TryBeginAsync())
        {
            // One statement deletes a batch and no more.
            Assert.Equal(3, (await session!.DeleteInboxMessagesAsync(before, 3)).InboxMessages);
            var batch = await session.DeleteNotificationsAsync(before, 3);
            Assert.Equal((3, 3, 6), (batch.Notifications, batch.Deliveries, batch.DeliveryEvents));
        }

        var round = await Job(new RetentionOptions { BatchSize = 3 }).RunOnceAsync(CancellationToken.None);

        Assert.Equal(0, await CountAsync("SELECT count(*) FROM notifications WHERE id = ANY($1)", notifications));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM delivery_events WHERE notification_id = ANY($1)", notifications));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM inbox_messages WHERE id = ANY($1)", inbox));
        Assert.True(round.Deleted.Notifications >= 7 && round.Deleted.InboxMessages >= 7, $"the round deleted {round.Deleted}");
    }

    [Fact]
    public async Task A_replica_skips_the_round_while_another_holds_the_retention_lock()
    {
        var tenant = Tenant();
        var old = await InboxMessageAsync(tenant, Old);
        // The other replica: a pool of its own, so its lock is held by another session.
        await using var otherReplica = NpgsqlDataSource.Create(database.ConnectionString);
        var job = Job(new RetentionOptions());

        RetentionRound skipped;
        await using (var held = await new HistoryRetention(otherReplica).TryBeginAsync())
        {
            Assert.NotNull(held);
            skipped = await job.RunOnceAsync(CancellationToken.None);
        }

        Assert.Equal(RetentionRound.Skipped, skipped);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM inbox_messages WHERE id = ANY($1)", new[] { old }));
        var ran = await job.RunOnceAsync(CancellationToken.None);
        Assert.True(ran.Ran);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM inbox_messages WHERE id = ANY($1)", new[] { old }));

        // The round released the lock when it ended, though its connection went back to the pool.
        await using var after = await new HistoryRetention(otherReplica).TryBeginAsync();
        Assert.NotNull(after);
    }

    [Fact]
    public async Task Two_replicas_starting_a_round_together_both_succeed_and_the_backlog_is_deleted()
    {
        var tenant = Tenant();
        Guid[] inbox = [.. await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => InboxMessageAsync(tenant, Old)))];
        await using var otherReplica = NpgsqlDataSource.Create(database.ConnectionString);
        var options = new RetentionOptions { BatchSize = 2 };

        var rounds = await Task.WhenAll(
            Job(options).RunOnceAsync(CancellationToken.None),
            Job(options, dataSource: otherReplica).RunOnceAsync(CancellationToken.None));

        Assert.Contains(rounds, r => r.Ran);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM inbox_messages WHERE id = ANY($1)", inbox));
        Assert.True(rounds.Sum(r => r.Deleted.InboxMessages) >= inbox.Length);
    }

    [Fact]
    public void Options_out_of_range_are_refused_at_start()
    {
        var validation = new RetentionOptionsValidation();

        Assert.True(validation.Validate(null, new RetentionOptions()).Succeeded);
        Assert.Equal(["Notify:Retention:BatchSize must be at least 1, not 0."], validation.Validate(null, new RetentionOptions { BatchSize = 0 }).Failures);
        Assert.Equal(["Notify:Retention:Interval must be positive, not 00:00:00."], validation.Validate(null, new RetentionOptions { Interval = TimeSpan.Zero }).Failures);
        Assert.Equal(["Notify:Retention:Inbox must be positive, not -1.00:00:00."], validation.Validate(null, new RetentionOptions { Inbox = TimeSpan.FromDays(-1) }).Failures);
    }

    /// <inheritdoc />
    public void Dispose() => _metrics.Dispose();

    private static string Tenant() => "retention-" + Guid.NewGuid().ToString("N");

    private RetentionJob Job(RetentionOptions options, DispatcherTelemetry? telemetry = null, NpgsqlDataSource? dataSource = null) =>
        new(new HistoryRetention(dataSource ?? database.DataSource), options, telemetry ?? new DispatcherTelemetry(_metrics.GetRequiredService<IMeterFactory>()),
            TimeProvider.System, NullLogger<RetentionJob>.Instance);

    /// <summary>A notification sent on push (one delivery, two timeline events), accepted <paramref name="age"/> ago.</summary>
    private async Task<Guid> NotificationAsync(string tenant, TimeSpan age, TimeSpan? updatedAgo = null, DateTimeOffset? deferUntil = null)
    {
        var events = new StatusEvents(tenant);
        await _writer.WriteBatchAsync([events.Accepted(), events.Sent(Channel.Push, 1, 2)]);
        if (deferUntil is { } releaseAt)
            await _schedule.DeferAsync(events.Envelope, DeferralReason.Scheduled, releaseAt, DateTimeOffset.UtcNow - age);
        await ExecuteAsync("UPDATE notifications SET accepted_at = now() - $2, updated_at = now() - $3 WHERE id = $1", events.Id, age, updatedAgo ?? age);
        return events.Id;
    }

    private async Task<Guid> InboxMessageAsync(string tenant, TimeSpan age)
    {
        var message = new InboxMessage(Guid.CreateVersion7(), tenant, "user-1", Guid.CreateVersion7(), "order.out_for_delivery", null, "On its way",
            DateTimeOffset.UtcNow - age);
        Assert.True(await new InboxStore(database.DataSource).AddAsync(message));
        return message.Id;
    }

    private async Task<Guid> DeadLetterAsync(string tenant, TimeSpan age)
    {
        var envelope = new StatusEvents(tenant).Envelope;
        var letter = new DeadLetter(Guid.CreateVersion7(), envelope, "max deliveries reached", 5, Subjects.Stream(Priority.Critical),
            Random.Shared.NextInt64(1, long.MaxValue), DateTimeOffset.UtcNow - age);
        Assert.True(await new DeadLetterStore(database.DataSource).RecordAsync(letter));
        return letter.Id;
    }

    /// <summary>A deferral schedule entry that ended (<paramref name="state"/>) <paramref name="endedAgo"/>.</summary>
    private async Task<Guid> DeferredAsync(string tenant, string state, TimeSpan endedAgo)
    {
        var envelope = new StatusEvents(tenant).Envelope;
        var releaseAt = DateTimeOffset.UtcNow - endedAgo;
        await _schedule.DeferAsync(envelope, DeferralReason.Scheduled, releaseAt, releaseAt - TimeSpan.FromHours(1));
        await ExecuteAsync("UPDATE deferred_notifications SET state = $2, released_at = now() - $3 WHERE id = $1", envelope.Id, state, endedAgo);
        return envelope.Id;
    }

    private async Task<(long Notifications, long Deliveries, long Events)> RowsOfAsync(Guid id) =>
        (await CountAsync("SELECT count(*) FROM notifications WHERE id = $1", id),
         await CountAsync("SELECT count(*) FROM deliveries WHERE notification_id = $1", id),
         await CountAsync("SELECT count(*) FROM delivery_events WHERE notification_id = $1", id));

    /// <summary>Which of <paramref name="ids"/> are left in <paramref name="table"/>, by the labels <paramref name="labels"/> gives them.</summary>
    private async Task<string[]> SurvivorsAsync(string table, Guid[] ids, params (Guid Id, string Label)[] labels)
    {
        await using var command = database.DataSource.CreateCommand($"SELECT id FROM {table} WHERE id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
        var left = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var id = reader.GetGuid(0);
            left.Add(labels.FirstOrDefault(l => l.Id == id).Label ?? id.ToString());
        }

        return [.. left.Order(StringComparer.Ordinal)];
    }

    private Task<long> CountAsync(string sql, params object[] values) => StoredRows.CountAsync(database.DataSource, sql, values);

    private async Task ExecuteAsync(string sql, params object[] values)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        foreach (var value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    /// <summary>What <c>notify.retention.deleted</c> recorded on one telemetry instance's meter, per kind.</summary>
    private sealed class DeletedCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, long> _byKind = new();

        public DeletedCounter(DispatcherTelemetry telemetry)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter == telemetry.Meter && instrument.Name == "notify.retention.deleted")
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag is { Key: "notify.retention.kind", Value: string kind })
                        _byKind.AddOrUpdate(kind, value, (_, sum) => sum + value);
                }
            });
            _listener.Start();
        }

        public Dictionary<string, long> ByKind => _byKind.ToDictionary();

        public void Dispose() => _listener.Dispose();
    }
}
