using Notify.Core.Notifications;

namespace Notify.Core.Storage;

/// <summary>Where a notification stands in the deferral schedule after it was recorded there.</summary>
/// <param name="Id">The notification.</param>
/// <param name="ReleaseAt">When it (or the batch it joined) is released.</param>
/// <param name="BatchedInto">The head of the batch it joined; null when it waits on its own or heads a batch.</param>
/// <param name="Pending">False when it was already released, cancelled or superseded (a redelivery of an old message).</param>
public sealed record DeferredEntry(Guid Id, DateTimeOffset ReleaseAt, Guid? BatchedInto, bool Pending);

/// <summary>One notification the schedule hands to a releaser, with the batch members that travel with it.</summary>
/// <param name="Id">The head's id.</param>
/// <param name="Tenant">Its tenant.</param>
/// <param name="Reason">Why it waited.</param>
/// <param name="Envelope">The head's envelope.</param>
/// <param name="Cancelled">Whether the client cancelled the head while it waited.</param>
/// <param name="Members">Batch members (oldest first), each with whether it was cancelled.</param>
public sealed record DueRelease(Guid Id, string Tenant, DeferralReason Reason, NotificationEnvelope Envelope, bool Cancelled,
    IReadOnlyList<(NotificationEnvelope Envelope, bool Cancelled)> Members);
