namespace Notify.Core.Storage;

/// <summary>The entries of one reason waiting in the deferral schedule.</summary>
/// <param name="Reason">Why they wait.</param>
/// <param name="Pending">How many wait for release (a batch counts once: its members travel with its head).</param>
/// <param name="OldestReleaseAt">The earliest release time among them.</param>
public sealed record DeferredBacklog(DeferralReason Reason, long Pending, DateTimeOffset OldestReleaseAt);
