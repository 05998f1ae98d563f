using Notify.Core.Notifications;

namespace Notify.Dispatcher.Channels;

/// <summary>Sends deliveries of one channel to its provider.</summary>
public interface IChannelSender
{
    /// <summary>The channel it serves.</summary>
    Channel Channel { get; }

    /// <summary>The provider's name, for metrics, circuit breakers and rate limits.</summary>
    string Provider { get; }

    /// <summary>Sends; never throws for provider or network failures, which are outcomes.</summary>
    ValueTask<SendOutcome> SendAsync(DeliveryRequest request, CancellationToken cancellationToken);
}
