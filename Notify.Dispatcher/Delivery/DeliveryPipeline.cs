using System.Diagnostics;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Core.Status;
using Notify.Core.Users;
using Notify.Dispatcher.Caps;
using Notify.Dispatcher.Content;
using Notify.Dispatcher.DeadLetters;
using Notify.Dispatcher.Deferral;
using Notify.Dispatcher.Idempotency;
using Notify.Dispatcher.Retry;
using Notify.Dispatcher.Status;
using Notify.Dispatcher.Telemetry;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Notify.Dispatcher.Delivery;

/// <summary>
/// Takes one notification from its work stream to a settled state. Plans the channels from the user's profile, skips
/// those already sent, tries the chain in order (falling over on permanent failures, open circuits, and for urgent
/// priorities repeated transient failures), sends the in-app copy alongside (under routing <c>all</c>, every channel
/// alongside, each on its own), then settles: ack when done, NAK with the computed delay when something must be
/// retried (a redelivery skips the channels already sent), dead-letter then TERM when nothing can be delivered or the
/// last allowed attempt failed. Status changes are stored on the status stream before the message is settled.
/// </summary>
public sealed partial class DeliveryPipeline(
    UserDirectory users,
    Cancellations cancellations,
    ChannelRouter router,
    UserCaps caps,
    ContentRenderer renderer,
    ChannelAttempt attempts,
    SentMarkers sent,
    RetryPolicy retry,
    StatusPublisher statuses,
    DeadLetterPublisher deadLetters,
    StreamTopologyOptions topology,
    FallbackOptions fallback,
    DispatcherTelemetry telemetry,
    Deferrals deferrals,
    DispatcherOptions options,
    TimeProvider time,
    ILogger<DeliveryPipeline> logger)
{
    /// <summary>Processes and settles <paramref name="msg"/>; never throws for delivery failures.</summary>
    public async Task ProcessAsync(INatsJSMsg<NotificationEnvelope> msg, Priority priority, CancellationToken cancellationToken)
    {
        var metadata = msg.Metadata ?? throw new InvalidOperationException($"'{msg.Subject}' is not a JetStream delivery.");
        var attempt = (int)metadata.NumDelivered;
        // Child of NATS.Net's "<subject> receive" span (itself parented to the publisher's); null when nobody listens.
        using var activity = msg.StartActivity("process");
        activity?.SetTag("messaging.consumer.group.name", Subjects.DispatchConsumer);

        if (!Envelopes.TryRead(msg, out var n, out var readError))
        {
            await DeadLetterAsync(msg, priority, null, "malformed", readError, metadata, [], cancellationToken);
            return;
        }
        activity?.SetTag("notify.notification.id", n.Id.ToString());
        var events = new List<StatusEvent>(4);
        var now = time.GetUtcNow();
        // Only the accepted event carries the envelope (user, type, priority) into the record. A redelivery may follow
        // a replica that died before its first statuses went out, so it says accepted again, stamped with Ingest's
        // acceptance time: every redelivery's copy is then the same timeline row.
        if (n.Replay == 0 && n.ReleasedAt is null)
            events.Add(new StatusEvent(n.Id, n.Tenant, StatusKind.Accepted, attempt == 1 ? now : n.AcceptedAt)
            {
                Envelope = n, TraceId = TraceIdOf(msg, activity),
            });

        if (cancellations.IsCancelled(n.Id))
        {
            events.Add(new StatusEvent(n.Id, n.Tenant, StatusKind.Cancelled, now) { Reason = "cancelled by the client" });
            await SettleAsync(msg, n, Settle.Done, default, events, attempt, cancellationToken);
            return;
        }

        if (Deferrals.ForSendAt(n, now) is { } scheduled)
        {
            await HoldAsync(msg, n, scheduled, events, attempt, now, cancellationToken);
            return;
        }

        UserProfile profile;
        try
        {
            profile = await users.GetProfileAsync(n.Tenant, n.UserId, cancellationToken);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            LogProfileUnavailable(n.Id, ex.Message);
            await RetryLaterAsync(msg, n, priority, metadata, attempt, now, "user profile unavailable", events, cancellationToken);
            return;
        }

        if (deferrals.ForUser(n, profile, now) is { } hold)
        {
            await HoldAsync(msg, n, hold, events, attempt, now, cancellationToken);
            return;
        }
        await NoteMergesAsync(n, events, now, cancellationToken);

        var plan = router.Plan(n, profile);
        foreach (var (channel, reason) in plan.Skipped)
        {
            events.Add(new StatusEvent(n.Id, n.Tenant, StatusKind.Skipped, now) { Channel = channel, Reason = reason });
            telemetry.Skipped(channel, n.Priority, reason);
        }
        if (plan.Chain.Count == 0 && plan.Alongside.Count == 0)
        {
            events.Add(new StatusEvent(n.Id, n.Tenant, StatusKind.Skipped, now) { Reason = "no channel can reach the user" });
            await SettleAsync(msg, n, Settle.Done, default, events, attempt, cancellationToken);
            return;
        }
        if (await caps.CheckAsync(n, profile.Contacts.TimeZone, cancellationToken) is { } capped)
        {
            events.Add(new StatusEvent(n.Id, n.Tenant, StatusKind.Skipped, now) { Reason = capped });
            telemetry.Skipped(null, n.Priority, "capped");
            await SettleAsync(msg, n, Settle.Done, default, events, attempt, cancellationToken);
            return;
        }

        // JetStream hands a message to another replica once its ack wait passes, whether or not this one still has it
        // waiting: a first delivery stored longer ago than the ack wait may be another replica's work as well, so it
        // looks at the markers (and for channels in doubt) as a redelivery does.
        var stale = attempt == 1 && now - metadata.Timestamp >= topology.AckWait;
        var check = attempt > 1 ? SentCheck.Truth
            : stale || n.Replay > 0 || n.IdempotencyKey is not null || n.ReleasedAt is not null ? SentCheck.Markers : SentCheck.None;
        EarlierAttempts earlier;
        try
        {
            earlier = await sent.SentAsync(n, [.. plan.All], check, findInDoubt: attempt > 1 || stale, cancellationToken);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            // What an earlier delivery sent is unknown (the markers did not say, and PostgreSQL could not): sending now could
            // repeat it, so the message waits its backoff and asks again, like any other transient failure.
            LogSendHistoryUnavailable(n.Id, ex.Message);
            await RetryLaterAsync(msg, n, priority, metadata, attempt, now, SendHistoryUnavailable, events, cancellationToken);
            return;
        }
        var done = earlier.Sent;
        // A replica may have died between a send and publishing its status: record what an earlier delivery sent.
        foreach (var (channel, providerMessageId) in done)
            events.Add(new StatusEvent(n.Id, n.Tenant, StatusKind.Sent, now)
            {
                Channel = channel, Attempt = attempt, ProviderMessageId = providerMessageId, Reason = "sent on an earlier delivery", Routing = plan.Routing,
            });
        // Channels in doubt that the priority's policy does not send again: as good as sent for the chain (no fallback
        // to another channel, no dead letter), recorded skipped.
        var doubted = SkipInDoubt(n, earlier.InDoubt, plan.Routing, events, now);
        var content = await renderer.RenderAsync(n, profile.Contacts, cancellationToken);
        TimeSpan? wait = null;
        string? lastError = null;
        // The attempts record the routing followed (the request's, or the one the user's preferences or the catalogue chose).
        var routed = n.Routing == plan.Routing ? n : n with { Routing = plan.Routing };

        var chainSent = plan.Chain.Any(c => done.ContainsKey(c) || doubted.Contains(c));
        var fallBackAfter = fallback.AfterAttempts.GetValueOrDefault(n.Priority, int.MaxValue);
        for (var i = 0; !chainSent && i < plan.Chain.Count; i++)
        {
            var channel = plan.Chain[i];
            var outcome = await attempts.RunAsync(routed, profile.Contacts, content.For(channel), channel, attempt, events, cancellationToken);
            if (outcome.Result == AttemptResult.Sent)
            {
                chainSent = true;
                break;
            }
            lastError = outcome.Error ?? lastError;
            var hasNext = i + 1 < plan.Chain.Count;
            if (outcome.Result == AttemptResult.Wait && !(hasNext && attempt >= fallBackAfter))
            {
                wait = Shorter(wait, outcome.RetryAfter);
                break;
            }
            if (outcome.Result == AttemptResult.Wait)
                events.Add(new StatusEvent(n.Id, n.Tenant, StatusKind.Failed, time.GetUtcNow())
                {
                    Channel = channel, Attempt = attempt, Error = outcome.Error, Reason = $"falling back after {attempt} attempts",
                });
        }
        var alongsideSent = plan.Alongside.Any(c => done.ContainsKey(c) || doubted.Contains(c));
        foreach (var channel in plan.Alongside)
        {
            if (done.ContainsKey(channel) || doubted.Contains(channel))
                continue;
            var outcome = await attempts.RunAsync(routed, profile.Contacts, content.For(channel), channel, attempt, events, cancellationToken);
            if (outcome.Result == AttemptResult.Sent)
            {
                alongsideSent = true;
                continue;
            }
            if (outcome.Result == AttemptResult.Wait)
                wait = Shorter(wait, outcome.RetryAfter);
            if (plan.Routing == Routing.All)
                lastError = outcome.Error ?? lastError;
        }

        if (wait is { } delay)
        {
            telemetry.Retried(null, n.Priority);
            await SettleOrDeadLetterAsync(msg, n, priority, metadata, delay, lastError, events, cancellationToken);
        }
        else if ((!chainSent && plan.Chain.Count > 0) || (plan.Routing == Routing.All && !alongsideSent))
            await DeadLetterAsync(msg, priority, n, "permanent_failure", lastError ?? "every channel failed", metadata, events, cancellationToken);
        else
            await SettleAsync(msg, n, Settle.Done, default, events, attempt, cancellationToken);
    }

    /// <summary>
    /// Applies the priority's <see cref="DispatcherOptions.InDoubt"/> policy to the channels an earlier attempt left in
    /// doubt; returns those not to send again (each recorded skipped, reason <see cref="InDoubtReason"/>).
    /// </summary>
    private IReadOnlyList<Channel> SkipInDoubt(NotificationEnvelope n, IReadOnlyList<Channel> inDoubt, Routing routing, List<StatusEvent> events, DateTimeOffset now)
    {
        if (inDoubt.Count == 0)
            return inDoubt;
        var skip = options.InDoubt.GetValueOrDefault(n.Priority, InDoubtAction.Resend) == InDoubtAction.Skip;
        foreach (var channel in inDoubt)
        {
            telemetry.InDoubt(channel, n.Priority, skip ? "skip" : "resend");
            LogInDoubt(n.Id, channel.ToWire(), skip ? "skipped" : "sent again");
            if (!skip)
                continue;
            telemetry.Skipped(channel, n.Priority, InDoubtReason);
            events.Add(new StatusEvent(n.Id, n.Tenant, StatusKind.Skipped, now) { Channel = channel, Reason = InDoubtReason, Routing = routing });
        }
        return skip ? inDoubt : [];
    }

    /// <summary>The reason of a channel skipped because an earlier attempt's outcome is unknown.</summary>
    public const string InDoubtReason = "in_doubt";

    /// <summary>
    /// Retries after the priority's backoff because a store could not answer (<paramref name="error"/>) before anything
    /// was sent, recording the retry; dead-letters instead when this was the last delivery allowed.
    /// </summary>
    private Task RetryLaterAsync(INatsJSMsg<NotificationEnvelope> msg, NotificationEnvelope n, Priority priority, NatsJSMsgMetadata metadata,
        int attempt, DateTimeOffset now, string error, List<StatusEvent> events, CancellationToken cancellationToken)
    {
        var backoff = retry.DelayAfter(attempt, n.Priority, null);
        events.Add(new StatusEvent(n.Id, n.Tenant, StatusKind.Retrying, now) { Attempt = attempt, Error = error, RetryAt = now + backoff });
        return SettleOrDeadLetterAsync(msg, n, priority, metadata, backoff, error, events, cancellationToken);
    }

    /// <summary>Retries, unless this was the last delivery the consumer allows: then dead-letters now.</summary>
    private async Task SettleOrDeadLetterAsync(INatsJSMsg<NotificationEnvelope> msg, NotificationEnvelope n, Priority priority, NatsJSMsgMetadata metadata,
        TimeSpan delay, string? error, List<StatusEvent> events, CancellationToken cancellationToken)
    {
        var maxDeliver = topology.For(priority).MaxDeliver;
        if (maxDeliver > 0 && (int)metadata.NumDelivered >= maxDeliver)
            await DeadLetterAsync(msg, priority, n, "max_deliveries", error, metadata, events, cancellationToken);
        else
            await SettleAsync(msg, n, Settle.Retry, delay, events, (int)metadata.NumDelivered, cancellationToken);
    }

    private async Task DeadLetterAsync(INatsJSMsg<NotificationEnvelope> msg, Priority priority, NotificationEnvelope? n, string reason, string? error,
        NatsJSMsgMetadata metadata, List<StatusEvent> events, CancellationToken cancellationToken)
    {
        var tenant = n?.Tenant ?? Envelopes.TenantOf(msg.Subject);
        var letter = new DeadLetterNotice(priority, tenant, n?.Id, reason, error, metadata.Stream, metadata.Sequence.Stream, metadata.NumDelivered);
        if (n is not null)
            await deadLetters.PublishAsync(letter, n, cancellationToken);
        else if (msg.Error is NatsDeserializeException { RawData: var raw })
            await deadLetters.PublishAsync(letter, raw, cancellationToken); // the bytes as they arrived
        else
            await deadLetters.PublishAsync(letter, ReadOnlyMemory<byte>.Empty, cancellationToken); // the body was empty
        telemetry.DeadLettered(priority, reason);
        LogDeadLettered(msg.Subject, reason, error);
        if (n is not null)
        {
            events.Add(new StatusEvent(n.Id, n.Tenant, StatusKind.DeadLettered, time.GetUtcNow())
            {
                Attempt = (int)metadata.NumDelivered, Reason = reason, Error = error,
            });
            await statuses.PublishAsync(n.Tenant, events, StatusKey(n, (int)metadata.NumDelivered), cancellationToken);
        }
        await msg.AckTerminateAsync(cancellationToken: cancellationToken);
    }

    private async Task SettleAsync(INatsJSMsg<NotificationEnvelope> msg, NotificationEnvelope n, Settle settle, TimeSpan delay, List<StatusEvent> events, int attempt,
        CancellationToken cancellationToken)
    {
        await statuses.PublishAsync(n.Tenant, events, StatusKey(n, attempt), cancellationToken);
        if (settle == Settle.Done)
            await msg.AckAsync(cancellationToken: cancellationToken);
        else
            await msg.NakAsync(new AckOpts { NakDelay = delay }, cancellationToken);
    }

    private static string StatusKey(NotificationEnvelope n, int attempt) =>
        n.ReleasedAt is null ? $"st:{n.Id:N}:{n.Replay}:{attempt}" : $"st:{n.Id:N}:{n.Replay}:released:{attempt}";

    private static TimeSpan Shorter(TimeSpan? current, TimeSpan candidate) => current is { } c && c < candidate ? c : candidate;

    private static string? TraceIdOf(INatsJSMsg<NotificationEnvelope> msg, Activity? activity) =>
        activity?.TraceId.ToString()
        ?? (msg.Headers?.TryGetValue("traceparent", out var traceParent) == true && ActivityContext.TryParse(traceParent, null, out var parent)
            ? parent.TraceId.ToString()
            : null);

    private enum Settle { Done, Retry }

    [LoggerMessage(LogLevel.Warning, "User profile unavailable for {NotificationId}: {Error}; retrying")]
    private partial void LogProfileUnavailable(Guid notificationId, string error);

    /// <summary>The error of a retry whose earlier sends could not be looked up.</summary>
    public const string SendHistoryUnavailable = "send history unavailable";

    [LoggerMessage(LogLevel.Warning, "Send history unavailable for {NotificationId}: {Error}; retrying")]
    private partial void LogSendHistoryUnavailable(Guid notificationId, string error);

    [LoggerMessage(LogLevel.Information, "Notification {NotificationId}: an earlier attempt on {Channel} started and recorded no outcome; {Action}")]
    private partial void LogInDoubt(Guid notificationId, string channel, string action);

    [LoggerMessage(LogLevel.Warning, "Dead-lettered {Subject}: {Reason} ({Error})")]
    private partial void LogDeadLettered(string subject, string reason, string? error);
}
