using Notify.Core.Messaging;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Notify.Core.Notifications;
using Notify.Core.Storage;
using Notify.Dispatcher.Telemetry;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Dispatcher;

/// <summary>Two dispatcher replicas on one set of streams.</summary>
public sealed class TwoReplicaHarness : DispatcherHarness
{
    /// <inheritdoc />
    protected override int Replicas => 2;

    /// <summary>A prefetch smaller than the backlog, so that one replica cannot take all of it in one pull.</summary>
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Notify:Dispatcher:Prefetch:High", "16"),
        new("Notify:Dispatcher:Prefetch:Normal", "16"),
        new("Notify:Dispatcher:MaxConcurrency", "8"),
        new("Notify:Caps:Enabled", "false"), // the backlog is hundreds of updates to one user
    ];

    /// <summary>Each replica's telemetry.</summary>
    public IReadOnlyList<DispatcherTelemetry> Telemetry => [.. ReplicaServices.Select(s => s.GetRequiredService<DispatcherTelemetry>())];
}

public sealed class ReplicaTests(TwoReplicaHarness harness) : IClassFixture<TwoReplicaHarness>
{
    [Fact]
    public async Task Two_replicas_share_the_work_and_send_each_notification_once()
    {
        var sentBy = new long[2];
        var meters = harness.Telemetry.Select(t => t.Meter).ToArray();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "notify.deliveries.sent" && Array.IndexOf(meters, instrument.Meter) >= 0)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Interlocked.Add(ref sentBy[Array.IndexOf(meters, instrument.Meter)], value));
        listener.Start();

        // Both replicas must be pulling before the work arrives, or the first one up takes all of it.
        await Eventually.UntilAsync(async () =>
            (await harness.JetStream.GetConsumerAsync(Subjects.Stream(Priority.Normal), Subjects.DispatchConsumer)).Info.NumWaiting >= 2,
            TimeSpan.FromSeconds(20), "both replicas have a pull request open");
        var user = await harness.NewUserAsync();
        await harness.Sandbox.Control.AddFaultAsync(new { channel = "sms", userId = user, latencyMs = 5, errorRate = 0.0 });
        var notifications = Enumerable.Range(0, 200).Select(_ => DispatcherHarness.Notification(user, "order.accepted", channels: [Channel.Sms])).ToList();
        foreach (var n in notifications)
            await harness.PublishAsync(n);

        await Eventually.UntilAsync(async () => (await harness.Sandbox.Control.MessagesAsync(user, "sms")).Count == notifications.Count,
            TimeSpan.FromSeconds(30), "every notification sent");
        await Eventually.UntilAsync(() => Interlocked.Read(ref sentBy[0]) + Interlocked.Read(ref sentBy[1]) == notifications.Count,
            TimeSpan.FromSeconds(10), "both replicas counted their sends");
        Assert.All(sentBy, count => Assert.True(count > 0, $"a replica sent nothing: {sentBy[0]} / {sentBy[1]}"));
        Assert.Equal(0, (await harness.Sandbox.Control.StatsAsync(user)).Total.Duplicates);
        await harness.WaitForAsync(notifications[^1].Id, d => d.Notification.Status == NotificationStatus.Sent, "recorded");
    }
}
