namespace Notify.Ingest.Notifications;

/// <summary>What became of a notification handed to the <see cref="NotificationAcceptor"/>.</summary>
public enum AcceptStatus
{
    /// <summary>Stored in its stream (PubAck received): answer 202.</summary>
    Accepted,
    /// <summary>A repeat of one accepted before (Redis record or JetStream duplicate): answer 200 with the same id.</summary>
    Duplicate,
    /// <summary>NATS could not take it: answer 503; retrying with the same Idempotency-Key is safe.</summary>
    Unavailable,
}

/// <summary>The id and fate of one notification.</summary>
/// <param name="Id">The notification id.</param>
/// <param name="Status">What became of it.</param>
public readonly record struct AcceptOutcome(Guid Id, AcceptStatus Status);
