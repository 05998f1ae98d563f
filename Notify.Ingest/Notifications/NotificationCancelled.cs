namespace Notify.Ingest.Notifications;

/// <summary>The answer to a successful cancel.</summary>
/// <param name="Id">The notification.</param>
/// <param name="Status">Always <c>cancelled</c>.</param>
public sealed record NotificationCancelled(Guid Id, string Status = "cancelled");
