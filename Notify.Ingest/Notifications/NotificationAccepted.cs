namespace Notify.Ingest.Notifications;

/// <summary>The answer to an accepted notification: 202 <c>accepted</c>, or 200 <c>duplicate</c> for a repeat.</summary>
/// <param name="Id">The notification id (the same for every repeat of an Idempotency-Key).</param>
/// <param name="Status"><c>accepted</c> or <c>duplicate</c>.</param>
public sealed record NotificationAccepted(Guid Id, string Status)
{
    /// <summary>Status of a newly accepted notification.</summary>
    public const string Accepted = "accepted";

    /// <summary>Status of a repeat of one accepted before.</summary>
    public const string Duplicate = "duplicate";
}
