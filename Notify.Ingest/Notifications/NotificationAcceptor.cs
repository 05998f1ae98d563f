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
    /// Accepts many notifications at once: every publish is started before any PubAck is awaited (about one round trip
    /// for the lot); each gets its own outcome, so a failure of one does not hide the others' success.
    /// </summary>
    public async Task<AcceptOutcome[]> AcceptManyAsync(IReadOnlyList<NotificationEnvelope> envelopes, CancellationToken cancellationToken)
    {
        var outcomes = new AcceptOutcome[envelopes.Count];
        var known = await Task.WhenAll(envelopes.Select(e => e.IdempotencyKey is { } key
            ? idempotency.FindAsync(e.Tenant, key, cancellationToken).AsTask()
            : Task.FromResult<Guid?>(null))).ConfigureAwait(false);

        // Every publish is started before any PubAck is awaited. Plain PublishAsync calls in flight together measured
        // faster than PublishConcurrentAsync futures, which open a reply subscription each (docs/benchmarks.md).
        var pending = new ValueTask<PubAckResponse>?[envelopes.Count];
        for (var i = 0; i < envelopes.Count && !cancellationToken.IsCancellationRequested; i++)
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
                pending[i] = js.PublishAsync(SubjectOf(envelopes[i]), envelopes[i], NotifySerializer<NotificationEnvelope>.Default,
                    PubOpts(envelopes[i]), cancellationToken: cancellationToken);
            }
            catch (NatsException ex)
            {
                outcomes[i] = Unavailable(envelopes[i], ex);
            }
        }

        // Every publish started is awaited (a ValueTask must be), even after a cancellation.
        for (var i = 0; i < envelopes.Count; i++)
        {
            if (pending[i] is not { } publish)
                continue;
            try
            {
                var ack = await publish.ConfigureAwait(false);
                outcomes[i] = ack.Error is { } error
                    ? Unavailable(envelopes[i], new NatsJSApiException(error))
                    : await SettledAsync(envelopes[i], ack, cancellationToken).ConfigureAwait(false);
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
