using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Core.Status;
using Notify.Core.Storage;
using Notify.Ingest.Messaging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Npgsql;

namespace Notify.Ingest.DeadLetters;

/// <summary>What a replay request came to.</summary>
public enum ReplayVerdict
{
    /// <summary>Back on its priority subject.</summary>
    Replayed,
    /// <summary>No such dead letter in the tenant.</summary>
    NotFound,
    /// <summary>This replay was published moments ago (JetStream saw its message id): nothing published again.</summary>
    AlreadyReplayed,
    /// <summary>NATS could not take it.</summary>
    QueueDown,
    /// <summary>PostgreSQL could not be asked.</summary>
    StorageDown,
}

/// <summary>
/// Replays a dead letter: republishes its envelope with <c>Replay</c> incremented to its priority subject, with
/// <c>Nats-Msg-Id</c> <c>{id}:replay:{n}</c> (so a repeated request within the duplicate window publishes once), marks
/// it replayed and records a <see cref="StatusKind.Replayed"/> status event for the notification's timeline.
/// </summary>
public sealed partial class DeadLetterReplayer(DeadLetterStore store, INatsJSContext js, TimeProvider time, ILogger<DeadLetterReplayer> logger)
{
    /// <summary>Replays dead letter <paramref name="id"/> of <paramref name="tenant"/> on behalf of <paramref name="clientName"/>.</summary>
    public async Task<(ReplayVerdict Verdict, DeadLetterReplayed? Replayed)> ReplayAsync(string tenant, Guid id, string clientName, CancellationToken cancellationToken)
    {
        DeadLetter? deadLetter;
        try
        {
            deadLetter = await store.GetAsync(tenant, id, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            LogStorageDown(logger, id, ex);
            return (ReplayVerdict.StorageDown, null);
        }
        if (deadLetter is null)
            return (ReplayVerdict.NotFound, null);

        var envelope = deadLetter.Envelope with { Replay = deadLetter.Envelope.Replay + 1 };
        var messageId = $"{deadLetter.Id}:replay:{envelope.Replay}";
        try
        {
            NatsOutage.ThrowIfDown(js.Connection);
            var ack = await js.PublishAsync(Subjects.Notification(envelope.Priority, tenant, envelope.Id), envelope,
                NotifySerializer<NotificationEnvelope>.Default, new NatsJSPubOpts { MsgId = messageId }, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            if (ack.ThrowIfRefused().Duplicate)
                return (ReplayVerdict.AlreadyReplayed, null);

            var replayed = new StatusEvent(envelope.Id, tenant, StatusKind.Replayed, time.GetUtcNow())
            {
                Channel = deadLetter.Channel,
                Attempt = envelope.Replay,
                Reason = $"replayed from dead letter {deadLetter.Id} by API key '{clientName}'",
            };
            (await js.PublishAsync(Subjects.Status(tenant), replayed, NotifySerializer<StatusEvent>.Default,
                new NatsJSPubOpts { MsgId = $"{messageId}:status" }, cancellationToken: cancellationToken).ConfigureAwait(false)).ThrowIfRefused();
        }
        catch (NatsException ex)
        {
            LogQueueDown(logger, id, ex);
            return (ReplayVerdict.QueueDown, null);
        }

        try
        {
            await store.MarkReplayedAsync(tenant, id, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            // The replay is published and in the timeline; only the dead letter's own replay count lags.
            LogNotMarked(logger, id, ex);
        }
        LogReplayed(logger, id, envelope.Id, envelope.Replay, clientName);
        return (ReplayVerdict.Replayed, new DeadLetterReplayed(deadLetter.Id, envelope.Id, envelope.Replay));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dead letter {DeadLetterId} replayed: notification {NotificationId}, replay {Replay}, by {ClientName}")]
    private static partial void LogReplayed(ILogger logger, Guid deadLetterId, Guid notificationId, int replay, string clientName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replay of dead letter {DeadLetterId}: PostgreSQL unreachable")]
    private static partial void LogStorageDown(ILogger logger, Guid deadLetterId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replay of dead letter {DeadLetterId}: NATS could not take it")]
    private static partial void LogQueueDown(ILogger logger, Guid deadLetterId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead letter {DeadLetterId} replayed but not marked: PostgreSQL unreachable")]
    private static partial void LogNotMarked(ILogger logger, Guid deadLetterId, Exception exception);
}
