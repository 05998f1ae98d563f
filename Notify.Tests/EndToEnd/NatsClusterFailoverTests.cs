using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging.Testing;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Ingest.Notifications;
using Notify.Tests.Infrastructure;
using Notify.Tests.Sandbox;
using Xunit.Abstractions;

namespace Notify.Tests.EndToEnd;

/// <summary>
/// The NATS node that leads the critical stream dies without warning (SIGKILL) while notifications are being accepted.
/// With every stream R3 the two survivors elect a new leader: what Ingest answered 202 for is delivered, accepting goes
/// on while the node is down (a 503 only while no leader is elected), and the node, started again, catches up.
/// </summary>
public sealed class NatsClusterFailoverTests(NatsClusterStackFixture stack, ITestOutputHelper output) : IClassFixture<NatsClusterStackFixture>
{
    private const int Notifications = 2_000;
    private const int Users = 20;
    private const int Senders = 8;
    private const int AcceptedBeforeKill = 300;

    /// <summary>
    /// At most three 503s per concurrent sender: each waits the Retry-After it is given before it tries again, and an
    /// election takes a few seconds.
    /// </summary>
    private const int MostUnavailable = 3 * Senders;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);
    private readonly NotifyApi _api = new(stack.Ingest);
    private readonly SandboxControl _sandbox = new(stack.Sandbox);

    [Fact]
    public async Task Killing_the_node_that_leads_the_critical_stream_loses_no_accepted_notification_and_it_catches_up_when_started()
    {
        await using NatsConnection nats = await stack.ConnectAsync();
        var js = new NatsJSContext(nats);
        string critical = Subjects.Stream(Priority.Critical);
        ClusterInfo before = await Eventually.ValueAsync(() => ClusterAsync(js, critical), Deadline, "the critical stream has a leader");
        Assert.Equal(3, before.Replicas!.Count + 1);
        string leader = before.Leader!;
        ServiceInstance node = stack.Node(leader);
        string[] users = [.. Enumerable.Range(0, Users).Select(_ => TestNames.Unique("cluster_customer"))];
        foreach (string user in users)
            await _api.PutContactsAsync(user, new { phone = "+4915112345670" });

        var run = new SendRun();
        Task sending = Task.WhenAll(Enumerable.Range(0, Senders).Select(_ => SendAsync(run, users)));
        await Eventually.UntilAsync(() => run.Accepted.Count >= AcceptedBeforeKill || sending.IsCompleted, Deadline, $"{AcceptedBeforeKill} accepted before the kill");
        node.KillExecutable();
        int acceptedAtKill = run.Accepted.Count;
        ClusterInfo elected = await Eventually.ValueAsync(async () => await ClusterAsync(js, critical) is { Leader: { } l } c && l != leader ? c : null,
            Deadline, "a new leader of the critical stream");
        Volatile.Write(ref run.Elected, true);
        await sending.WaitAsync(Deadline);
        int acceptedWhileDown = run.Accepted.Count - acceptedAtKill;

        await node.RunCommandAsync(KnownResourceCommands.StartCommand);
        PeerInfo caughtUp = await Eventually.ValueAsync(async () => await ClusterAsync(js, critical) is { } c
            ? c.Replicas?.SingleOrDefault(r => r.Name == leader && r is { Current: true, Offline: false, Lag: 0 }) : null,
            Deadline, $"{leader} current again in {critical}");

        output.WriteLine($"leader {leader} killed after {acceptedAtKill} accepted; new leader {elected.Leader}; accepted while down: {acceptedWhileDown}; " +
            $"503s: {run.Unavailable} ({run.UnavailableAfterElection} after the election); {leader} on its return: current, lag {caughtUp.Lag}");
        Assert.Empty(run.Failures);
        Assert.Equal(Notifications, run.Accepted.Count);
        Assert.InRange(acceptedWhileDown, Notifications / 2, Notifications); // the node was killed early, and stayed down to the last
        Assert.InRange(run.Unavailable, 0, MostUnavailable);
        Assert.Equal(0, run.UnavailableAfterElection);

        // Every accepted notification (202, or 200 for a retried 503) reaches the provider and its status reads sent.
        var ids = run.Accepted.Keys.ToHashSet();
        await AllSentAsync(ids);
        var messages = new List<string>();
        foreach (string user in users)
            messages.AddRange((await _sandbox.MessagesAsync(user, "sms")).Select(m => m.IdempotencyKey!));
        output.WriteLine($"provider messages: {messages.Count} for {ids.Count} notifications ({messages.Count - messages.Distinct().Count()} repeated)");
        Assert.Empty(ids.Select(id => $"{id:N}-sms").Except(messages));
    }

    [Fact]
    public async Task A_stream_found_with_one_replica_is_scaled_to_three_on_start_and_its_consumer_follows()
    {
        await using NatsConnection nats = await stack.ConnectAsync();
        var js = new NatsJSContext(nats);
        var options = new StreamTopologyOptions { AckWait = NatsClusterStackFixture.AckWait };
        string low = Subjects.Stream(Priority.Low);
        await EnsureAsync(new StreamTopology(js, options with { Replicas = 1 }));
        Assert.Equal(1, (await js.GetStreamAsync(low)).Info.Config.NumReplicas);

        var log = new FakeLogger<StreamTopology>();
        await EnsureAsync(new StreamTopology(js, options with { Replicas = 3 }, log));

        Assert.Contains(log.Collector.GetSnapshot(), r => r.Message == $"Stream {low} scaled from 1 to 3 replicas (Notify:Streams:Replicas)");
        await Eventually.UntilAsync(async () =>
        {
            INatsJSStream stream = await js.GetStreamAsync(low);
            INatsJSConsumer consumer = await js.GetConsumerAsync(low, Subjects.DispatchConsumer);
            return stream.Info.Config.NumReplicas == 3 && AllCurrent(stream.Info.Cluster) && AllCurrent(consumer.Info.Cluster);
        }, Deadline, $"{low} and its {Subjects.DispatchConsumer} consumer on three current replicas");
    }

    /// <summary>
    /// Runs <paramref name="topology"/> until it completes, as the services do: right after a stream's replicas change, a
    /// call about it (its consumer's update) may get no answer, or "stream not found", while the stream settles on its
    /// new peers.
    /// </summary>
    private static Task EnsureAsync(StreamTopology topology) => Eventually.UntilAsync(async () =>
    {
        try
        {
            await topology.EnsureAsync();
            return true;
        }
        catch (NatsJSException)
        {
            return false;
        }
    }, Deadline, "the topology is in place");

    private static bool AllCurrent(ClusterInfo? cluster) =>
        cluster is { Leader: not null, Replicas: { Count: 2 } replicas } && replicas.All(r => r is { Current: true, Offline: false });

    /// <summary>Sends notifications until <see cref="Notifications"/> are taken, retrying a 503 after its Retry-After.</summary>
    private async Task SendAsync(SendRun run, string[] users)
    {
        for (int i = Interlocked.Increment(ref run.Next) - 1; i < Notifications; i = Interlocked.Increment(ref run.Next) - 1)
        {
            string user = users[i % users.Length];
            var body = new { userId = user, type = "order.out_for_delivery", channels = new[] { "sms" }, data = new { orderId = $"o-{i}" } };
            bool retried = false;
            while (true)
            {
                bool afterElection = Volatile.Read(ref run.Elected);
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/notifications") { Content = JsonContent.Create(body, options: Json) };
                request.Headers.Add(NotificationsApi.IdempotencyKeyHeader, $"{user}-{i}");
                using HttpResponseMessage response = await stack.Ingest.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Interlocked.Increment(ref run.Unavailable);
                    if (afterElection)
                        Interlocked.Increment(ref run.UnavailableAfterElection);
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                    retried = true;
                    continue;
                }

                // A 503 can come after the stream stored the message (its PubAck lost in the election): the retry, same key,
                // is then a duplicate, answered 200 with the same id. Without a 503 before it, a 200 would be a wrong match.
                if (response.StatusCode == HttpStatusCode.Accepted || (response.StatusCode == HttpStatusCode.OK && retried))
                    run.Accepted[(await response.Content.ReadFromJsonAsync<NotificationAccepted>(Json))!.Id] = 0;
                else
                    run.Failures.Add($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                break;
            }
        }
    }

    /// <summary>The stream's cluster info, or null while no node answers for it (an election, a reconnect).</summary>
    private static async Task<ClusterInfo?> ClusterAsync(NatsJSContext js, string stream)
    {
        try
        {
            INatsJSStream info = await js.GetStreamAsync(stream);
            return info.Info.Cluster is { Leader: not null } cluster ? cluster : null;
        }
        catch (NatsException)
        {
            return null;
        }
    }

    private async Task AllSentAsync(IReadOnlySet<Guid> ids)
    {
        var sent = new HashSet<Guid>();
        await Eventually.UntilAsync(async () =>
        {
            foreach (var id in ids.Where(id => !sent.Contains(id)))
            {
                if (await _api.StatusAsync(id) is { Status: "sent" })
                    sent.Add(id);
            }
            return sent.Count == ids.Count;
        }, Deadline, "every status reads sent");
    }

    /// <summary>What the senders saw.</summary>
    private sealed class SendRun
    {
        public readonly ConcurrentDictionary<Guid, byte> Accepted = new();
        public readonly ConcurrentBag<string> Failures = [];
        public int Next;
        public int Unavailable;
        public int UnavailableAfterElection;
        public bool Elected;
    }
}
