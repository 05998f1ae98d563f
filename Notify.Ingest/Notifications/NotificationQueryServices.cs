namespace Notify.Ingest.Notifications;

/// <summary>What the status and cancel handlers need, gathered for <c>[AsParameters]</c>.</summary>
public readonly record struct NotificationQueryServices(NotificationLookup Lookup, NotificationCancellation Cancellation);
