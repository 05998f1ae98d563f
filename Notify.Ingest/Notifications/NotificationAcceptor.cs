using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Ingest.Messaging;
using Notify.Ingest.Telemetry;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Notify.Ingest.Notifications;

/// <summary>
/// Makes notifications durable: publishes each envelope to its priority subject with <c>Nats-Msg-Id</c> = its id and
/// waits for the PubAck, so 202 means the notification survives anything short of losing the stream. A repeat is
/// recognised by the Redis record of its Idempotency-Key (any time within a day) or by JetStream's duplicate window.
/// </summary>
public sealed partial class NotificationAcceptor(INatsJSContext js, IdempotencyRecords idempotency, IngestMetrics metrics,
    TimeProvider time, ILogger<NotificationAcceptor> logger)
{
    /// <summary>The accept time stamped on envelopes.</summary>
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Accepts one notification.</summary>
    public async ValueTask<AcceptOutcome> AcceptAsync(NotificationEnvelope envelope, CancellationToken cancellationToken)
    {
        var key = envelope.IdempotencyKey;
        if (key is not null && await idempotency.FindAsync(envelope.Tenant, key, cancellationToken).ConfigureAwait(false) is { } known)
        {
            metrics.Duplicate();
            return new AcceptOutcome(known, AcceptStatus.Duplicate);
        }

        PubAckResponse ack;
        try
        {
            NatsOutage.ThrowIfDown(js.Connection);
            ack = await js.PublishAsync(SubjectOf(envelope), envelope, NotifySerializer<NotificationEnvelope>.Default, PubOpts(envelope),
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (NatsException ex)
        {
            return Unavailable(envelope, ex);
        }
        // A duplicate is an ordinary answer (not EnsureSuccess, which throws on it); only an API error is a failure.
        if (ack.Error is { } error)
            return Unavailable(envelope, new NatsJSApiException(error));
        return await SettledAsync(envelope, ack, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Accepts many notifications at once: every publish is written before any PubAck is awaited (one round trip for
    /// the lot); each gets its own outcome, so a failure of one does not hide the others' success.
    /// </summary>
    public async Task<AcceptOutcome[]> AcceptManyAsync(IReadOnlyList<NotificationEnvelope> envelopes, CancellationToken cancellationToken)
    {
        var outcomes = new AcceptOutcome[envelopes.Count];
        var known = await Task.WhenAll(envelopes.Select(e => e.IdempotencyKey is { } key
            ? idempotency.FindAsync(e.Tenant, key, cancellationToken).AsTask()
            : Task.FromResult<Guid?>(null))).ConfigureAwait(false);

        var pending = new NatsJSPublishConcurrentFuture?[envelopes.Count];
        for (var i = 0; i < envelopes.Count; i++)
        {
            if (known[i] is { } id)
            {
                metrics.Duplicate();
                outcomes[i] = new AcceptOutcome(id, AcceptStatus.Duplicate);
                continue;
            }
            try
            {
                NatsOutage.ThrowIfDown(js.Connection);
                pending[i] = await js.PublishConcurrentAsync(SubjectOf(envelopes[i]), envelopes[i], NotifySerializer<NotificationEnvelope>.Default,
                    PubOpts(envelopes[i]), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (NatsException ex)
            {
                outcomes[i] = Unavailable(envelopes[i], ex);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break; // the publishes made so far are still settled and disposed below; the cancellation is thrown at the end
            }
        }

        // Every future is awaited and disposed, even after a cancellation: disposing is what ends its reply subscription.
        for (var i = 0; i < envelopes.Count; i++)
        {
            if (pending[i] is not { } future)
                continue;
            try
            {
                // DisposeAsync rethrows a failure the subscription recorded (no responders): caught below like the wait's own.
                await using (future.ConfigureAwait(false))
                {
                    var ack = await future.GetResponseAsync(cancellationToken).ConfigureAwait(false);
                    outcomes[i] = ack.Error is { } error
                        ? Unavailable(envelopes[i], new NatsJSApiException(error))
                        : await SettledAsync(envelopes[i], ack, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (NatsException ex)
            {
                outcomes[i] = Unavailable(envelopes[i], ex);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                outcomes[i] = new AcceptOutcome(envelopes[i].Id, AcceptStatus.Unavailable);
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        return outcomes;
    }

    private async ValueTask<AcceptOutcome> SettledAsync(NotificationEnvelope envelope, PubAckResponse ack, CancellationToken cancellationToken)
    {
        if (envelope.IdempotencyKey is { } key)
            await idempotency.RecordAsync(envelope.Tenant, key, envelope.Id, cancellationToken).ConfigureAwait(false);
        if (ack.Duplicate)
        {
            metrics.Duplicate();
            return new AcceptOutcome(envelope.Id, AcceptStatus.Duplicate);
        }
        metrics.Accepted(envelope.Priority);
        return new AcceptOutcome(envelope.Id, AcceptStatus.Accepted);
    }

    private AcceptOutcome Unavailable(NotificationEnvelope envelope, NatsException ex)
    {
        metrics.QueueUnavailable();
        LogUnavailable(logger, envelope.Id, envelope.Tenant, ex);
        return new AcceptOutcome(envelope.Id, AcceptStatus.Unavailable);
    }

    private static string SubjectOf(NotificationEnvelope envelope) => Subjects.Notification(envelope.Priority, envelope.Tenant, envelope.Id);

    private static NatsJSPubOpts PubOpts(NotificationEnvelope envelope) => new() { MsgId = envelope.Id.ToString() };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {NotificationId} of tenant {Tenant} not accepted: NATS could not take it")]
    private static partial void LogUnavailable(ILogger logger, Guid notificationId, string tenant, Exception exception);
}
