using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Notify.Core.Messaging;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;

namespace Notify.Core.Notifications;

/// <summary>
/// Cancelled notifications, shared through the KV bucket <see cref="Bucket"/>. Ingest records a cancellation there
/// (after marking the row in PostgreSQL); every dispatcher keeps the bucket's keys in memory through a watch and drops
/// a cancelled notification when it comes up, so checking costs the hot path one hash lookup. Entries expire after
/// <see cref="Keep"/>, beyond the longest a notification can wait (30 days of scheduling). The bucket has the streams'
/// replicas (<see cref="StreamTopologyOptions.Replicas"/>), one without <paramref name="streams"/>.
/// </summary>
public sealed class Cancellations(INatsJSContext js, IOptions<StreamTopologyOptions>? streams = null)
{
    /// <summary>The KV bucket.</summary>
    public const string Bucket = "notify-cancellations";

    /// <summary>How long a cancellation is remembered.</summary>
    public static readonly TimeSpan Keep = TimeSpan.FromDays(32);

    private readonly ConcurrentDictionary<Guid, byte> _cancelled = new();

    /// <summary>Whether <paramref name="id"/> was cancelled (as far as the watch has seen).</summary>
    public bool IsCancelled(Guid id) => _cancelled.ContainsKey(id);

    /// <summary>Records a cancellation for every dispatcher.</summary>
    public async Task CancelAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var store = await StoreAsync(cancellationToken);
        await store.PutAsync(id.ToString("N"), "cancelled", cancellationToken: cancellationToken);
        _cancelled[id] = 0;
    }

    /// <summary>Follows the bucket until cancelled; run by a background service.</summary>
    public async Task WatchAsync(CancellationToken cancellationToken)
    {
        var store = await StoreAsync(cancellationToken);
        await foreach (var entry in store.WatchAsync<string>(cancellationToken: cancellationToken))
        {
            if (!Guid.TryParseExact(entry.Key, "N", out var id))
                continue;
            if (entry.Operation == NatsKVOperation.Put)
                _cancelled[id] = 0;
            else
                _cancelled.TryRemove(id, out _);
        }
    }

    private async Task<INatsKVStore> StoreAsync(CancellationToken cancellationToken) =>
        await new NatsKVContext(js).CreateOrUpdateStoreAsync(new NatsKVConfig(Bucket)
        {
            MaxAge = Keep,
            NumberOfReplicas = await StreamTopology.ReplicasOnAsync(js, streams?.Value.Replicas ?? 1),
        }, cancellationToken);
}
