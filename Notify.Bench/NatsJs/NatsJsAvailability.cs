namespace Notify.Bench.NatsJs;

/// <summary>The nats.js peer ready to run, or the reason it cannot (reported in the JSON, not a failure).</summary>
internal sealed record NatsJsAvailability(NatsJsPeer? Peer, string? Reason)
{
    public static NatsJsAvailability Ready(NatsJsPeer peer) => new(peer, null);

    public static NatsJsAvailability Unavailable(string reason) => new(null, reason);
}
