using Notify.Core.Notifications;

namespace Notify.Dispatcher.Channels;

/// <summary>Sends deliveries of one channel to its provider.</summary>
public interface IChannelSender
{
    /// <summary>The channel it serves.</summary>
    Channel Channel { get; }

    /// <summary>The provider's name, for metrics, circuit breakers and rate limits.</summary>
    string Provider { get; }

    /// <summary>
    /// Whether the receiving end drops a repeat of the same delivery by its key, so that sending again after a crash
    /// costs nothing: such a channel is never in doubt and leaves no started marker.
    /// </summary>
    bool AbsorbsRepeats => false;

    /// <summary>Sends; never throws for provider or network failures, which are outcomes.</summary>
    ValueTask<SendOutcome> SendAsync(DeliveryRequest request, CancellationToken cancellationToken);
}
