using System.Net;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Core.Status;
using Notify.Core.Storage;
using Npgsql;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Ingest;

/// <summary>Operators list dead letters and put them back on their priority subject.</summary>
public sealed class DeadLetterTests(PostgresDatabaseFixture database) : IngestDatabaseTest(database)
{
    [Fact]
    public async Task Dead_letters_are_listed_newest_first_and_filtered_by_priority()
    {
        var older = await RecordAsync(Priority.Critical, DateTimeOffset.UtcNow.AddMinutes(-2));
        var newer = await RecordAsync(Priority.Low, DateTimeOffset.UtcNow.AddMinutes(-1));

        var all = await (await Host.Client.GetAsync("/v1/dead-letters")).ReadJsonAsync(HttpStatusCode.OK);
        var critical = await (await Host.Client.GetAsync("/v1/dead-letters?priority=critical")).ReadJsonAsync(HttpStatusCode.OK);

        var ids = all.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetGuid()).ToList();
        Assert.True(ids.IndexOf(newer.Id) < ids.IndexOf(older.Id));
        Assert.All(critical.GetProperty("items").EnumerateArray(), d => Assert.Equal("critical", d.GetProperty("priority").GetString()));
        Assert.Contains(older.Id, critical.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Replay_republishes_the_envelope_with_its_replay_count_and_records_a_Replayed_event()
    {
        var deadLetter = await RecordAsync(Priority.High, DateTimeOffset.UtcNow);

        var replayed = await (await Host.Client.PostAsync($"/v1/dead-letters/{deadLetter.Id}/replay", null)).ReadJsonAsync(HttpStatusCode.Accepted);

        Assert.Equal(1, replayed.GetProperty("replay").GetInt32());
        var message = (await Host.FindPublishedAsync(Priority.High, deadLetter.NotificationId))!;
        Assert.Equal($"{deadLetter.Id}:replay:1", message.Headers()["Nats-Msg-Id"]);
        Assert.Equal(1, message.Envelope().Replay);
        Assert.Equal(1, (await new DeadLetterStore(Db).GetAsync(Host.Tenant, deadLetter.Id))!.ReplayCount);
        var status = (await Host.JetStream.LastAsync(Subjects.StatusStream, Subjects.Status(Host.Tenant)))!;
        var replayEvent = System.Text.Json.JsonSerializer.Deserialize(status.Data.Span, NotifyJson.Default.StatusEvent)!;
        Assert.Equal((deadLetter.NotificationId, StatusKind.Replayed), (replayEvent.NotificationId, replayEvent.Kind));
    }

    [Fact]
    public async Task Replay_repeated_at_once_publishes_once_and_answers_409()
    {
        var deadLetter = await RecordAsync(Priority.Normal, DateTimeOffset.UtcNow);

        await (await Host.Client.PostAsync($"/v1/dead-letters/{deadLetter.Id}/replay", null)).ReadJsonAsync(HttpStatusCode.Accepted);
        var first = (await Host.FindPublishedAsync(Priority.Normal, deadLetter.NotificationId))!.Seq;
        await (await Host.Client.PostAsync($"/v1/dead-letters/{deadLetter.Id}/replay", null)).ReadProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(first, (await Host.FindPublishedAsync(Priority.Normal, deadLetter.NotificationId))!.Seq);
    }

    [Fact]
    public async Task Replay_of_an_unknown_dead_letter_is_a_404_problem()
    {
        await (await Host.Client.PostAsync($"/v1/dead-letters/{Guid.CreateVersion7()}/replay", null)).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task<DeadLetter> RecordAsync(Priority priority, DateTimeOffset at)
    {
        var envelope = new NotificationEnvelope(Guid.CreateVersion7(), Host.Tenant, "user-3", "order.cancelled", priority, [Channel.Push], null, at.AddMinutes(-1));
        var deadLetter = new DeadLetter(Guid.CreateVersion7(), envelope, "max deliveries reached", 12, Subjects.Stream(priority), 42, at)
        {
            Channel = Channel.Push,
            Error = "fcm 503",
        };
        Assert.True(await new DeadLetterStore(Db).RecordAsync(deadLetter));
        return deadLetter;
    }
}
