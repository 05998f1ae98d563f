using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Core.Status;
using Notify.Core.Storage;
using Notify.Dispatcher.Hosting;
using Notify.Dispatcher.Status;
using NATS.Client.JetStream;

namespace Notify.Dispatcher.Deferral;

/// <summary>
/// Releases due entries of the deferral schedule back to their work streams. Every replica runs one; the schedule's
/// row locks (<c>FOR UPDATE SKIP LOCKED</c>) let exactly one of them claim an entry. It sleeps until the next due entry
/// (a timer, not a poll: precision is the timer's), wakes early when this replica records a nearer one, and looks
/// again every <see cref="DeferralOptions.PollInterval"/> for what other replicas recorded. A released copy carries
/// <see cref="NotificationEnvelope.ReleasedAt"/> and the batch it merged, and its own message id
/// (<c>&lt;id&gt;:release:&lt;replay&gt;</c>) so JetStream's duplicate window cannot mistake it for the original.
/// </summary>
public sealed partial class ScheduleReleaser(
    DeferredSchedule schedule,
    INatsJSContext js,
    Cancellations cancellations,
    StatusPublisher statuses,
    DeferralOptions options,
    TimeProvider time,
    ILogger<ScheduleReleaser> logger) : BackgroundService
{
    // When entries are due but another replica holds them, look again shortly rather than spin.
    private static readonly TimeSpan Busy = TimeSpan.FromMilliseconds(20);

    private readonly Lock _sync = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset _sleepingUntil = DateTimeOffset.MaxValue;

    /// <summary>An entry due at <paramref name="releaseAt"/> was recorded: wake up if that is sooner than planned.</summary>
    public void Notify(DateTimeOffset releaseAt)
    {
        lock (_sync)
        {
            if (releaseAt < _sleepingUntil)
                _wake.TrySetResult();
        }
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Supervised.RunAsync(RunAsync, Supervised.Until.Stopped, LogReleaseFailed, stoppingToken);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TaskCompletionSource wake;
            lock (_sync)
            {
                // While working, any newly recorded entry wakes the next sleep at once.
                _wake = wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _sleepingUntil = DateTimeOffset.MaxValue;
            }

            while (await schedule.ReleaseDueAsync(time.GetUtcNow(), options.ReleaseBatchSize, ReleaseAsync, cancellationToken) == options.ReleaseBatchSize)
            {
                // A full claim: there may be more due right now.
            }

            var next = await schedule.NextReleaseAsync(cancellationToken);
            var now = time.GetUtcNow();
            var delay = next is { } at ? at - now : options.PollInterval;
            delay = delay > options.PollInterval ? options.PollInterval : delay < Busy ? Busy : delay;
            lock (_sync)
                _sleepingUntil = now + delay;
            await Task.WhenAny(Task.Delay(delay, time, cancellationToken), wake.Task);
        }
    }

    private async Task ReleaseAsync(IReadOnlyList<DueRelease> due, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var publishes = new List<Task>(due.Count);
        foreach (var entry in due)
        {
            List<NotificationEnvelope> live = [], dropped = [];
            foreach (var (envelope, cancelled) in entry.Members.Prepend((entry.Envelope, entry.Cancelled)))
                (cancelled || cancellations.IsCancelled(envelope.Id) ? dropped : live).Add(envelope);
            if (dropped.Count > 0)
                publishes.Add(statuses.PublishAsync(entry.Tenant, [.. dropped.Select(d => new StatusEvent(d.Id, d.Tenant, StatusKind.Cancelled, now)
                {
                    Reason = "cancelled by the client while it waited",
                })], $"st:{entry.Id:N}:release-cancelled", cancellationToken).AsTask());
            if (live.Count == 0)
                continue;
            var head = live[0];
            var released = head with
            {
                ReleasedAt = now,
                Merged = live.Count > 1 ? live[1..] : null,
                Priority = live.Min(e => e.Priority),
            };
            publishes.Add(PublishAsync(released, cancellationToken));
            LogReleased(head.Id, entry.Reason.ToWire(), live.Count - 1);
        }
        await Task.WhenAll(publishes);
    }

    private async Task PublishAsync(NotificationEnvelope released, CancellationToken cancellationToken)
    {
        // A duplicate is this release published before a crash: the work stream has it.
        (await js.PublishAsync(Subjects.Notification(released.Priority, released.Tenant, released.Id), released,
            NotifySerializer<NotificationEnvelope>.Default, new NatsJSPubOpts { MsgId = $"{released.Id:N}:release:{released.Replay}" },
            cancellationToken: cancellationToken)).ThrowIfRefused();
    }

    [LoggerMessage(LogLevel.Debug, "Released {NotificationId} ({Reason}) with {Merged} merged")]
    private partial void LogReleased(Guid notificationId, string reason, int merged);

    [LoggerMessage(LogLevel.Warning, "Cannot release deferred notifications: {Error}; retrying in {Delay}")]
    private partial void LogReleaseFailed(string error, TimeSpan delay);
}
