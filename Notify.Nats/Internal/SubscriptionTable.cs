using System.Collections.Concurrent;

namespace Notify.Nats.Internal;

/// <summary>Live subscriptions by sid; the reader looks them up, a reconnect re-subscribes them in order.</summary>
internal sealed class SubscriptionTable
{
    private readonly ConcurrentDictionary<long, NatsSubBase> _bySid = new();
    private long _nextSid;

    public void Add(NatsSubBase sub)
    {
        sub.Sid = Interlocked.Increment(ref _nextSid);
        _bySid[sub.Sid] = sub;
    }

    public bool Remove(NatsSubBase sub) => _bySid.TryRemove(sub.Sid, out _);

    public bool TryGet(long sid, out NatsSubBase sub) => _bySid.TryGetValue(sid, out sub!);

    public NatsSubBase[] Snapshot() => [.. _bySid.Values.OrderBy(s => s.Sid)];
}
