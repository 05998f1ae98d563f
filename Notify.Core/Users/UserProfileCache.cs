using System.Collections.Concurrent;

namespace Notify.Core.Users;

/// <summary>
/// The directory's bounded map from user to <see cref="UserProfileCache.Slot"/>. A slot outlives expiry (an expired
/// profile is still there to serve while PostgreSQL is down) but not eviction: an evicted slot is detached, so a load
/// still running for it cannot put an outdated profile back.
/// </summary>
internal sealed class UserProfileCache(int maxEntries, TimeProvider time)
{
    private readonly ConcurrentDictionary<Key, Slot> _slots = new();
    private int _count;
    private int _trimming;

    /// <summary>A user, by tenant subject token (as invalidations name it) and user id.</summary>
    public readonly record struct Key(string TenantToken, string UserId);

    /// <summary>A loaded profile and until when it is fresh (a <see cref="TimeProvider"/> timestamp).</summary>
    public sealed record Entry(UserProfile Profile, long FreshUntil);

    /// <summary>One user's place in the cache.</summary>
    public sealed class Slot
    {
        private Entry? _entry;
        private long _lastUsed;

        /// <summary>The load in flight, if any; read and written under a lock on the slot.</summary>
        public Task<UserProfile>? Loading { get; set; }

        public Entry? Entry { get => Volatile.Read(ref _entry); set => Volatile.Write(ref _entry, value); }

        public long LastUsed { get => Volatile.Read(ref _lastUsed); set => Volatile.Write(ref _lastUsed, value); }

        /// <summary>Makes the next read load again, keeping the profile for outages.</summary>
        public void Expire()
        {
            if (Entry is { } entry)
                Entry = entry with { FreshUntil = long.MinValue };
        }
    }

    public int Count => Volatile.Read(ref _count);

    public Slot GetOrAdd(Key key)
    {
        if (!_slots.TryGetValue(key, out Slot? slot))
        {
            var created = new Slot();
            slot = _slots.GetOrAdd(key, created);
            if (ReferenceEquals(slot, created) && Interlocked.Increment(ref _count) > maxEntries)
                Trim();
        }

        slot.LastUsed = time.GetTimestamp();
        return slot;
    }

    public void Remove(Key key)
    {
        if (_slots.TryRemove(key, out _))
            Interlocked.Decrement(ref _count);
    }

    /// <summary>Expires every profile (after a NATS reconnect, announcements may have been missed).</summary>
    public void ExpireAll()
    {
        foreach (Slot slot in _slots.Values)
            slot.Expire();
    }

    /// <summary>Drops the least recently used tenth once the cache is over its bound; one thread trims at a time.</summary>
    private void Trim()
    {
        if (Interlocked.Exchange(ref _trimming, 1) == 1)
            return;
        try
        {
            KeyValuePair<Key, Slot>[] snapshot = _slots.ToArray();
            int excess = snapshot.Length - maxEntries;
            if (excess <= 0)
                return;
            int drop = Math.Min(snapshot.Length, excess + Math.Max(1, maxEntries / 10));
            // Sort on a copy of the use times: they keep changing under concurrent reads.
            long[] lastUsed = Array.ConvertAll(snapshot, pair => pair.Value.LastUsed);
            Array.Sort(lastUsed, snapshot);
            for (int i = 0; i < drop; i++)
            {
                if (_slots.TryRemove(snapshot[i]))
                    Interlocked.Decrement(ref _count);
            }
        }
        finally
        {
            Volatile.Write(ref _trimming, 0);
        }
    }
}
