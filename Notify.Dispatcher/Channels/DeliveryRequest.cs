using Notify.Core.Notifications;
using Notify.Core.Users;
using Notify.Dispatcher.Content;

namespace Notify.Dispatcher.Channels;

/// <summary>Everything a channel sender needs for one delivery.</summary>
/// <param name="Notification">The notification.</param>
/// <param name="Contacts">The recipient's contacts.</param>
/// <param name="Content">What to say, rendered for the channel.</param>
/// <param name="Channel">The channel.</param>
public sealed record DeliveryRequest(NotificationEnvelope Notification, UserContacts Contacts, DeliveryContent Content, Channel Channel)
{
    /// <summary>
    /// The key providers deduplicate on: the same for every attempt of this (notification, channel), so a retry
    /// after a lost response never sends twice.
    /// </summary>
    public string IdempotencyKey => $"{Notification.Id:N}-{Channel.ToWire()}";
}
