using System.Net;
using System.Net.Http.Json;
using Notify.Core.Notifications;
using Notify.Core.Storage;
using Notify.Tests.Infrastructure;
using Npgsql;

namespace Notify.Tests.Ingest;

/// <summary>The API side of deferral: quiet hours in preferences, and cancelling a notification waiting in the schedule.</summary>
public sealed class DeferralApiTests(PostgresDatabaseFixture database) : IngestDatabaseTest(database)
{
    [Fact]
    public async Task Quiet_hours_are_stored_with_the_preferences_and_read_back()
    {
        var userId = TestNames.Unique("user");

        var put = await Host.Client.PutAsJsonAsync($"/v1/users/{userId}/preferences", new { quietHours = new { start = "22:30", end = "07:00" } });
        var stored = await (await Host.Client.GetAsync($"/v1/users/{userId}/preferences")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        Assert.Equal(("22:30", "07:00"), (stored.GetProperty("quietHours").GetProperty("start").GetString(), stored.GetProperty("quietHours").GetProperty("end").GetString()));
        var preferences = await new UserStore(Db).GetPreferencesAsync(Host.Tenant, userId);
        Assert.Equal(new Notify.Core.Users.QuietHours(new TimeOnly(22, 30), new TimeOnly(7, 0)), preferences!.QuietHours);
    }

    [Fact]
    public async Task Malformed_quiet_hours_are_a_400_naming_each_field()
    {
        var response = await Host.Client.PutAsJsonAsync($"/v1/users/{TestNames.Unique("user")}/preferences",
            new { quietHours = new { start = "25:00", end = "7pm" } });

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["quietHours.start", "quietHours.end"], problem.ErrorFields());
    }

    [Fact]
    public async Task Cancelling_a_notification_waiting_in_the_schedule_marks_it_there()
    {
        var notification = new NotificationEnvelope(NotificationIds.New(), Host.Tenant, "u1", "order.accepted", Priority.Normal, null, null,
            DateTimeOffset.UtcNow) { SendAt = DateTimeOffset.UtcNow.AddDays(3) };
        await new DeferredSchedule(Db).DeferAsync(notification, DeferralReason.Scheduled, notification.SendAt!.Value, DateTimeOffset.UtcNow);

        var cancelled = await (await Host.Client.DeleteAsync($"/v1/notifications/{notification.Id}")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(notification.Id, cancelled.Id());
        await using var command = Db.CreateCommand("SELECT cancelled_at IS NOT NULL FROM deferred_notifications WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = notification.Id });
        Assert.Equal(true, await command.ExecuteScalarAsync());
    }
}
