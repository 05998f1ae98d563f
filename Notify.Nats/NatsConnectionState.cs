namespace Notify.Nats;

/// <summary>Where a connection is in its life.</summary>
public enum NatsConnectionState
{
    /// <summary>Not connected yet, or closed for good.</summary>
    Closed,
    /// <summary>Connecting for the first time.</summary>
    Connecting,
    /// <summary>Connected and handshaken.</summary>
    Open,
    /// <summary>The link dropped; the client is reconnecting and buffers publishes meanwhile.</summary>
    Reconnecting,
}
