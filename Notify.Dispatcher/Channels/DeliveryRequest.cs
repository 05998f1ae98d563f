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
    /// The same for every attempt of this (notification, channel): a webhook's <c>webhook-id</c> and an email's
    /// Message-ID, which receivers deduplicate on. FCM and Twilio take no idempotency key, so for push and SMS it only
    /// names the delivery; what keeps them from going twice is the sent marker, checked before every redelivery.
    /// </summary>
    public string IdempotencyKey => $"{Notification.Id:N}-{Channel.ToWire()}";
}
