using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Notify.Core.Notifications;
using Notify.Core.Status;
using Notify.Core.Storage;
using Notify.Dispatcher.Channels.Push;
using Notify.Dispatcher.Delivery;
using Notify.Dispatcher.Telemetry;

namespace Notify.Tests.Dispatcher;

/// <summary>
/// A dispatcher whose push requests for chosen users reach the provider, which accepts them, and whose answer never
/// comes back: the delivery hangs with its outcome unknown, as on a replica that died right after the provider took
/// the push. JetStream hands the message over again after the (short) ack wait.
/// </summary>
public sealed class InDoubtHarness : DispatcherHarness
{
    private readonly ConcurrentDictionary<string, int> _loseFirstAnswer = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The ack wait: how long a lost answer holds a delivery before it is redelivered.</summary>
    public static readonly TimeSpan AckWait = TimeSpan.FromSeconds(5);

    /// <summary>The first push to <paramref name="userId"/> reaches the provider; its answer never reaches the dispatcher.</summary>
    public void LoseFirstAnswer(string userId) => _loseFirstAnswer[userId] = 0;

    /// <inheritdoc />
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Notify:Streams:AckWait", AckWait.ToString("c")),
        // A failing push is retried a few times before the test lifts the fault: neither a dead letter nor an open circuit.
        new("Notify:Streams:Low:MaxDeliver", "20"),
        new("Notify:CircuitBreaker:MinimumThroughput", "1000"),
    ];

    /// <inheritdoc />
    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddHttpClient(FcmPushSender.ClientName).AddHttpMessageHandler(() => new LostAnswers(this));

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        _release.TrySetResult(); // the hung deliveries end, so the replica can stop
        await base.DisposeAsync();
    }

    private sealed class LostAnswers(InDoubtHarness harness) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Headers.TryGetValues("X-Notify-User-Id", out var users) && users.FirstOrDefault() is { } user
                && harness._loseFirstAnswer.TryGetValue(user, out _) && harness._loseFirstAnswer.AddOrUpdate(user, 1, (_, n) => n + 1) == 1)
            {
                response.Dispose();
                // Deaf to cancellation, as a dead replica is: nothing after the send runs until the harness stops.
                await harness._release.Task;
                throw new HttpRequestException("the answer was lost");
            }
            return response;
        }
    }
}

/// <summary>
/// A redelivered message whose earlier attempt on a channel started and recorded no outcome: low priority is not sent
/// again and ends skipped <c>in_doubt</c>; other priorities are sent again (at least once); a transient failure is a
/// known outcome and never in doubt.
/// </summary>
public sealed class InDoubtTests(InDoubtHarness harness) : IClassFixture<InDoubtHarness>
{
    [Fact]
    public async Task A_promotion_whose_push_answer_was_lost_ends_skipped_in_doubt_and_is_not_pushed_twice()
    {
        using var counted = new InDoubtCounter();
        var user = await harness.NewUserAsync();
        harness.LoseFirstAnswer(user);
        var promo = DispatcherHarness.Notification(user, "promo.weekend", channels: [Channel.Push]);
        Assert.Equal(Priority.Low, promo.Priority);

        await harness.PublishAsync(promo);

        var stored = await harness.WaitForAsync(promo.Id, d => d.Deliveries.Any(x => x.Channel == Channel.Push && x.Status == StatusKind.Skipped),
            "push skipped after the redelivery");
        var push = stored.Deliveries.Single(d => d.Channel == Channel.Push);
        Assert.Equal(DeliveryPipeline.InDoubtReason, push.Reason);
        Assert.Equal(NotificationStatus.Skipped, stored.Notification.Status);
        Assert.Single(await harness.Sandbox.Control.MessagesAsync(user, "push")); // the provider has it once, from the first attempt
        Assert.True(counted.Of("push", "low", "skip") >= 1, "counted in notify.in_doubt as skipped");
    }

    [Fact]
    public async Task An_order_update_whose_push_answer_was_lost_is_pushed_again()
    {
        using var counted = new InDoubtCounter();
        var user = await harness.NewUserAsync();
        harness.LoseFirstAnswer(user);
        var update = DispatcherHarness.Notification(user, "order.out_for_delivery", Priority.High, channels: [Channel.Push]);

        await harness.PublishAsync(update);

        await harness.WaitForAsync(update.Id, d => d.Notification.Status == NotificationStatus.Sent, "sent on the redelivery");
        Assert.Equal(2, (await harness.Sandbox.Control.MessagesAsync(user, "push")).Count); // at least once: the user may see it twice
        Assert.True(counted.Of("push", "high", "resend") >= 1, "counted in notify.in_doubt as sent again");
    }

    [Fact]
    public async Task A_promotion_retried_after_a_transient_failure_is_not_in_doubt_and_is_pushed_once()
    {
        var user = await harness.NewUserAsync();
        var fault = await harness.Sandbox.Control.AddFaultAsync(new { channel = "push", userId = user, statusCode = 503, errorRate = 1.0 });
        var promo = DispatcherHarness.Notification(user, "promo.weekend", channels: [Channel.Push]);

        await harness.PublishAsync(promo);
        await harness.WaitForAsync(promo.Id, d => d.Deliveries.Any(x => x.Channel == Channel.Push && x.Status == StatusKind.Retrying),
            "the first attempt failed for now");
        await harness.Sandbox.Control.RemoveFaultAsync(fault.Id);

        var stored = await harness.WaitForAsync(promo.Id, d => d.Notification.Status == NotificationStatus.Sent, "sent on a retry");
        Assert.True(stored.Deliveries.Single(d => d.Channel == Channel.Push).Attempts >= 2);
        Assert.DoesNotContain(stored.Timeline, t => t.Reason == DeliveryPipeline.InDoubtReason);
        Assert.Single(await harness.Sandbox.Control.MessagesAsync(user, "push"));
    }

    /// <summary>
    /// Counts <c>notify.in_doubt</c> by channel, priority and action while it lives, from every dispatcher of the process:
    /// a test asserts at least its own.
    /// </summary>
    private sealed class InDoubtCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<(string?, string?, string?), long> _counts = new();

        public InDoubtCounter()
        {
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == DispatcherTelemetry.Name && instrument.Name == "notify.in_doubt")
                    l.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                string? channel = null, priority = null, action = null;
                foreach (var tag in tags)
                {
                    switch (tag.Key)
                    {
                        case "notify.channel": channel = tag.Value as string; break;
                        case "notify.priority": priority = tag.Value as string; break;
                        case "notify.action": action = tag.Value as string; break;
                    }
                }
                _counts.AddOrUpdate((channel, priority, action), value, (_, n) => n + value);
            });
            _listener.Start();
        }

        public long Of(string channel, string priority, string action) => _counts.GetValueOrDefault((channel, priority, action));

        public void Dispose() => _listener.Dispose();
    }
}
