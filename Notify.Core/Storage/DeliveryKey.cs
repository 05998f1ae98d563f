using Notify.Core.Notifications;

namespace Notify.Core.Storage;

/// <summary>A delivery's identity: one channel of one notification.</summary>
/// <param name="NotificationId">The notification.</param>
/// <param name="Channel">The channel.</param>
public readonly record struct DeliveryKey(Guid NotificationId, Channel Channel);
