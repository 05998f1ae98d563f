using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting.Testing;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Ingest.Operations;
using Notify.Ingest.Notifications;
using Notify.Sandbox.Records;
using Notify.Tests.Infrastructure;
using Notify.Tests.Sandbox;
using Xunit.Abstractions;

namespace Notify.Tests.EndToEnd;

/// <summary>
/// A dispatcher replica dies without warning (SIGKILL) in the middle of a burst: JetStream redelivers its work to the
/// survivor. Delivery is at least once: an SMS the provider accepted before the killed replica wrote its sent marker is
/// sent again (Twilio's Messages API has no idempotency key to absorb it), so the provider may hold duplicates, at most
/// one per delivery the killed replica had running. Nothing is left behind: the work queues end empty, with nothing
/// pending or in flight.
/// </summary>
public sealed class DispatcherCrashTests(ShortAckWaitStackFixture stack, ITestOutputHelper output) : IClassFixture<ShortAckWaitStackFixture>
{
    private const int Burst = 200;
    private const int SentBeforeKill = 20;
    private static readonly TimeSpan Settled = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Status events the killed replica's status writer had pulled but not written come back after the status
    /// consumer's own ack wait (60 s, not the dispatch consumers' 5 s).
    /// </summary>
    private static readonly TimeSpan Recorded = TimeSpan.FromSeconds(120);

    private readonly NotifyApi _api = new(stack.Ingest);
    private readonly SandboxControl _sandbox = new(stack.Sandbox);

    [Fact]
    public async Task A_dispatcher_killed_mid_batch_loses_nothing_and_sends_no_more_twice_than_it_had_running()
    {
        var user = TestNames.Unique("crash_customer");
        await _api.PutContactsAsync(user, new { phone = "+4915112345670" });
        await _sandbox.AddFaultAsync(new { channel = "sms", userId = user, latencyMs = 40 });
        var sends = Enumerable.Range(0, Burst).Select(i => _api.SendAsync(
            new { userId = user, type = "order.out_for_delivery", channels = new[] { "sms" }, data = new { orderId = $"o-{i}" } },
            idempotencyKey: $"{user}-{i}")).ToList();

        await Eventually.UntilAsync(async () => (await _sandbox.MessagesAsync(user, "sms")).Count >= SentBeforeKill,
            Settled, $"{SentBeforeKill} messages at the provider before the kill");
        stack.Dispatchers[1].Kill();
        var sentAtKill = (await _sandbox.MessagesAsync(user, "sms")).Count;
        var accepted = await Task.WhenAll(sends);

        Assert.All(accepted, a => Assert.Equal(HttpStatusCode.Accepted, a.Status));
        var ids = accepted.Select(a => a.Accepted.Id).ToHashSet();
        Assert.Equal(Burst, ids.Count);
        var statuses = await AllSentAsync(ids);
        var messages = await _sandbox.MessagesAsync(user, "sms");

        // At least once: every notification reached the provider, under its own key.
        Assert.Equal(ids.Select(id => $"{id:N}-sms").Order(), messages.Select(m => m.IdempotencyKey!).Distinct().Order());
        TrafficReport stats = await _sandbox.StatsAsync(user);
        var duplicates = messages.Count - Burst;
        var redelivered = statuses.Count(s => s.Deliveries.Single(d => d.Channel == "sms").Attempts > 1);
        output.WriteLine($"at the provider when killed: {sentAtKill}; requests cut off by the kill: {stats.Total.Cancelled}; " +
            $"sent on a redelivery: {redelivered}; duplicate provider messages: {duplicates}; provider requests: {stats.Total.Requests}");
        Assert.Equal((long)duplicates, stats.Total.Duplicates);
        Assert.Equal(stats.Total.Requests, stats.Total.Accepted + stats.Total.Cancelled);
        // A message is sent twice only when the provider accepted it and the replica died before its sent marker:
        // a delivery that was running on the killed replica, and it ran at most MaxConcurrency of them.
        Assert.InRange(duplicates, 0, ShortAckWaitStackFixture.MaxConcurrency);
        Assert.All(statuses, s => Assert.Equal((user, "order.out_for_delivery"), (s.UserId, s.Type)));
        Assert.All(statuses, s => Assert.Contains(Assert.Single(s.Deliveries, d => d.Channel == "sms").ProviderMessageId,
            messages.Where(m => m.IdempotencyKey == $"{s.Id:N}-sms").Select(m => m.Id)));
        Assert.True(redelivered > 0, "the killed replica held no work: nothing was redelivered");

        // No leftovers: once idle, no work queue holds a settled notification, the ops console shows nothing pending
        // or in flight, and nothing settled was sent again meanwhile.
        await Eventually.UntilAsync(async () => (await QueuesAsync()).All(q => q is { Messages: 0, Pending: 0, AckPending: 0 }),
            Settled, "the work queues are empty and nothing is pending or in flight");
        var summary = await stack.Ingest.GetFromJsonAsync<OpsSummary>("/v1/admin/summary?minutes=1");
        Assert.All(summary!.Pending!, p => Assert.Equal((0L, 0L), (p.Pending, p.AckPending)));
        Assert.Equal(messages.Count, (await _sandbox.MessagesAsync(user, "sms")).Count);
        // Emptied by being settled, not by running out of deliveries: a redelivered message left unsettled would
        // leave the queue only as a dead letter once its deliveries ran out.
        Assert.DoesNotContain((await _api.DeadLettersAsync()).Items, d => ids.Contains(d.NotificationId));
    }

    private async Task<IReadOnlyList<(string Stream, long Messages, ulong Pending, long AckPending)>> QueuesAsync()
    {
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = await stack.App.GetConnectionStringAsync("nats") ?? "" });
        var js = new NatsJSContext(nats);
        var queues = new List<(string, long, ulong, long)>();
        foreach (var priority in Priorities.All)
        {
            var stream = await js.GetStreamAsync(Subjects.Stream(priority));
            var consumer = await js.GetConsumerAsync(Subjects.Stream(priority), Subjects.DispatchConsumer);
            queues.Add((Subjects.Stream(priority), (long)stream.Info.State.Messages, consumer.Info.NumPending, consumer.Info.NumAckPending));
        }
        output.WriteLine(string.Join(", ", queues.Select(q => $"{q.Item1}: {q.Item2} messages, {q.Item3} pending, {q.Item4} ack-pending")));
        return queues;
    }

    private async Task<IReadOnlyList<NotificationStatusResponse>> AllSentAsync(IReadOnlySet<Guid> ids)
    {
        var sent = new Dictionary<Guid, NotificationStatusResponse>();
        await Eventually.UntilAsync(async () =>
        {
            foreach (var id in ids.Where(id => !sent.ContainsKey(id)))
            {
                if (await _api.StatusAsync(id) is { Status: "sent" } status)
                    sent[id] = status;
            }
            return sent.Count == ids.Count;
        }, Recorded, "every status reads sent");
        return [.. sent.Values];
    }
}
