using Microsoft.Extensions.DependencyInjection;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Core.Status;
using Notify.Core.Storage;
using Notify.Dispatcher.Delivery;
using Notify.Dispatcher.Status;
using Notify.Tests.Infrastructure;
using Notify.Tests.Storage;
using Npgsql;

namespace Notify.Tests.Dispatcher;

/// <summary>
/// A redelivery asks PostgreSQL what earlier deliveries sent when the Redis markers do not say. While PostgreSQL cannot
/// answer, the message is retried after its backoff (recorded as such), not left to its ack wait as a pipeline fault;
/// and the statuses the status writers could not store meanwhile go back to their stream, not to its ack wait.
/// </summary>
public sealed class SendHistoryOutageTests(DispatcherHarness harness) : IClassFixture<DispatcherHarness>
{
    [Fact]
    public async Task A_redelivery_that_cannot_read_its_send_history_is_retried_with_a_backoff_and_sent_once_postgres_is_back()
    {
        var user = await harness.NewUserAsync();
        var fault = await harness.Sandbox.Control.AddFaultAsync(new { channel = "sms", userId = user, statusCode = 503, errorRate = 1.0 });
        var notification = DispatcherHarness.Notification(user, "order.accepted", Priority.High, channels: [Channel.Sms]); // 10 deliveries allowed
        await harness.PublishAsync(notification);
        // The first attempt failed for now: the next ones are redeliveries, which ask for the send history.
        await harness.WaitForAsync(notification.Id, d => d.Deliveries.Any(x => x.Channel == Channel.Sms && x.Status == StatusKind.Retrying),
            "a failed attempt recorded");

        await SetConnectionsAllowedAsync(false);
        try
        {
            // Redeliveries come every 0.2-1 s; a few of them meet PostgreSQL refusing connections (the user's profile is
            // served from the cache meanwhile).
            await Task.Delay(TimeSpan.FromSeconds(2));
            await harness.Sandbox.Control.RemoveFaultAsync(fault.Id);
        }
        finally
        {
            await SetConnectionsAllowedAsync(true);
        }

        await harness.WaitForAsync(notification.Id, d => d.Notification.Status == NotificationStatus.Sent, "sent once PostgreSQL is back");
        // The retries' statuses reach PostgreSQL a little late: the status writer's batch that met the outage went back to
        // the stream for a couple of seconds (left to the status consumer's 60 s ack wait, they would not be here in time).
        var stored = await harness.WaitForAsync(notification.Id,
            d => d.Timeline.Any(t => t.Kind == StatusKind.Retrying && t.Error == DeliveryPipeline.SendHistoryUnavailable),
            "a retry recorded as waiting for the send history");
        Assert.Equal(NotificationStatus.Sent, stored.Notification.Status);
        Assert.Single(await harness.Sandbox.Control.MessagesAsync(user, "sms"));
    }

    [Fact]
    public async Task Statuses_that_meet_a_postgres_outage_are_stored_soon_after_it_not_after_the_ack_wait()
    {
        var events = new StatusEvents(DispatcherHarness.Tenant);
        var consumer = await harness.JetStream.GetConsumerAsync(Subjects.StatusStream, Subjects.StatusConsumer);

        await SetConnectionsAllowedAsync(false);
        try
        {
            await harness.Services.GetRequiredService<StatusPublisher>().PublishAsync(DispatcherHarness.Tenant, [events.Accepted()], $"outage-{events.Id}",
                CancellationToken.None);
            // A status writer took it (and cannot store it while the database refuses connections).
            await Eventually.UntilAsync(async () =>
            {
                await consumer.RefreshAsync();
                return consumer.Info.NumPending == 0;
            }, TimeSpan.FromSeconds(20), "a status writer fetched the status");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        finally
        {
            await SetConnectionsAllowedAsync(true);
        }

        // Left unacked, the status would come back after the consumer's 60 s ack wait: well past this wait.
        var stored = await harness.WaitForAsync(events.Id, _ => true, "the status stored once PostgreSQL is back");
        Assert.Equal(NotificationStatus.Accepted, stored.Notification.Status);
    }

    /// <summary>Lets the harness's database take connections or not; when not, ends every session it has (pooled ones included).</summary>
    private async Task SetConnectionsAllowedAsync(bool allowed)
    {
        var name = harness.Database.Name;
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(harness.Infrastructure.Postgres) { Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        await using var alter = new NpgsqlCommand($"ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS {(allowed ? "true" : "false")}", admin);
        await alter.ExecuteNonQueryAsync();
        if (allowed)
        {
            // The pool's connections were ended: drop them rather than meet each one broken.
            harness.Services.GetRequiredService<NpgsqlDataSource>().Clear();
            return;
        }
        await using var terminate = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1", admin)
        {
            Parameters = { new() { Value = name } },
        };
        await terminate.ExecuteScalarAsync();
    }
}
