using NATS.Client.Core;

namespace Notify.Ingest.Messaging;

/// <summary>
/// Fails a request fast while the NATS connection is down. NATS.Net holds a call made meanwhile until the connection
/// reopens, however long that takes; a request answers "unavailable" (503 with Retry-After) at once instead.
/// </summary>
internal static class NatsOutage
{
    /// <summary>Throws unless <paramref name="nats"/> is open.</summary>
    /// <exception cref="NatsException">The connection is not open.</exception>
    public static void ThrowIfDown(INatsConnection nats)
    {
        if (nats.ConnectionState != NatsConnectionState.Open)
            throw new NatsException($"The NATS connection is {nats.ConnectionState}; not waiting for it to reopen.");
    }
}
