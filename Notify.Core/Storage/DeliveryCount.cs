using Notify.Core.Notifications;
using Notify.Core.Status;

namespace Notify.Core.Storage;

/// <summary>Delivery events of one kind in one minute, for one channel and priority.</summary>
/// <param name="Minute">Start of the minute.</param>
/// <param name="Channel">The channel; null for events of the whole notification.</param>
/// <param name="Priority">The notification's priority; null while its Accepted event has not been recorded.</param>
/// <param name="Kind">Sent, retrying, failed or dead-lettered.</param>
/// <param name="Count">How many.</param>
public sealed record DeliveryCount(DateTimeOffset Minute, Channel? Channel, Priority? Priority, StatusKind Kind, long Count);
