namespace Notify.Core.Storage;

/// <summary>What <see cref="NotificationStore.TryCancelAsync"/> did.</summary>
public enum CancelOutcome
{
    /// <summary>Cancelled now.</summary>
    Cancelled,
    /// <summary>It was cancelled already.</summary>
    AlreadyCancelled,
    /// <summary>No such notification for the tenant (or its first status has not been stored yet).</summary>
    NotFound,
    /// <summary>Too late: it was sent, or ended otherwise (dead, skipped, merged).</summary>
    TooLate,
}

/// <summary>The outcome of a cancel request and the notification's status after it.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Status">The status now; null when not found.</param>
public sealed record CancelResult(CancelOutcome Outcome, NotificationStatus? Status);
