namespace Notify.Core.Storage;

/// <summary>A notification with its deliveries and its timeline.</summary>
/// <param name="Notification">The notification.</param>
/// <param name="Deliveries">One per channel tried, in channel order.</param>
/// <param name="Timeline">Every event, oldest first.</param>
public sealed record NotificationDetails(StoredNotification Notification, IReadOnlyList<Delivery> Deliveries, IReadOnlyList<TimelineEntry> Timeline);
