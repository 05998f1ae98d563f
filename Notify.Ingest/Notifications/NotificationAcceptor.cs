using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Ingest.Telemetry;
using Notify.Nats;
using Notify.Nats.JetStream;
using Notify.Nats.JetStream.Models;

namespace Notify.Ingest.Notifications;

/// <summary>
/// Makes notifications durable: publishes each envelope to its priority subject with <c>Nats-Msg-Id</c> = its id and
/// waits for the PubAck, so 202 means the notification survives anything short of losing the stream. A repeat is
/// recognised by the Redis record of its Idempotency-Key (any time within a day) or by JetStream's duplicate window.
/// </summary>
public sealed partial class NotificationAcceptor(NatsJSContext js, IdempotencyRecords idempotency, IngestMetrics metrics,
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
        var writer = EnvelopeWriter.Rent();
        try
        {
            ack = await js.PublishAsync(SubjectOf(envelope), writer.Write(envelope), PubOpts(envelope), cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            ack.EnsureSuccess();
        }
        catch (NatsException ex)
        {
            return Unavailable(envelope, ex);
        }
        finally
        {
            EnvelopeWriter.Return(writer);
        }
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
        var writer = EnvelopeWriter.Rent();
        try
        {
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
                    pending[i] = await js.PublishConcurrentAsync(SubjectOf(envelopes[i]), writer.Write(envelopes[i]), PubOpts(envelopes[i]),
                        cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                catch (NatsException ex)
                {
                    outcomes[i] = Unavailable(envelopes[i], ex);
                }
            }
        }
        finally
        {
            EnvelopeWriter.Return(writer);
        }

        // Every future is awaited, even after a cancellation: awaiting is what frees its slot in the publish window.
        for (var i = 0; i < envelopes.Count; i++)
        {
            if (pending[i] is not { } future)
                continue;
            try
            {
                var ack = (await future.GetResponseAsync(cancellationToken).ConfigureAwait(false)).EnsureSuccess();
                outcomes[i] = await SettledAsync(envelopes[i], ack, cancellationToken).ConfigureAwait(false);
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
