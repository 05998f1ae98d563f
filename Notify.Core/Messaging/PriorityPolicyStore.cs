using System.Text.Json;
using Microsoft.Extensions.Options;
using Notify.Core.Notifications;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;

namespace Notify.Core.Messaging;

/// <summary>A <see cref="PriorityPolicy"/> as stored, with the KV revision that holds it (0 when none is stored).</summary>
/// <param name="Policy">The policy in force.</param>
/// <param name="Revision">The KV revision; 0 means nothing is stored and the default applies.</param>
public readonly record struct StoredPriorityPolicy(PriorityPolicy Policy, ulong Revision);

/// <summary>
/// Reads and writes the dispatchers' run-time <see cref="PriorityPolicy"/> in the KV bucket
/// <see cref="Subjects.ConfigBucket"/> under <see cref="PriorityPolicy.Key"/>. Every dispatcher replica watches that key.
/// The bucket has the streams' replicas (<see cref="StreamTopologyOptions.Replicas"/>), one without <paramref name="streams"/>.
/// </summary>
public sealed class PriorityPolicyStore(INatsJSContext js, IOptions<StreamTopologyOptions>? streams = null)
{
    /// <summary>Values kept per key, so an operator can see what the policy was a few changes ago.</summary>
    public const int History = 5;

    private const int BucketNotFound = 10059;

    /// <summary>The bucket, created when missing.</summary>
    public async ValueTask<INatsKVStore> OpenAsync(CancellationToken cancellationToken = default) =>
        await new NatsKVContext(js).CreateOrUpdateStoreAsync(new NatsKVConfig(Subjects.ConfigBucket)
        {
            History = History,
            NumberOfReplicas = await StreamTopology.ReplicasOnAsync(js, streams?.Value.Replicas ?? 1).ConfigureAwait(false),
        }, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The stored policy, or <see cref="PriorityPolicy.Default"/> with revision 0 when none is stored (or it was deleted).
    /// A stored value that does not parse reads as the default, with its revision.
    /// </summary>
    public async Task<StoredPriorityPolicy> GetAsync(CancellationToken cancellationToken = default)
    {
        INatsKVStore store;
        try
        {
            store = await new NatsKVContext(js).GetStoreAsync(Subjects.ConfigBucket, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException ex) when (ex.Error.ErrCode == BucketNotFound)
        {
            return new StoredPriorityPolicy(PriorityPolicy.Default, 0); // reading does not create the bucket
        }
        // Raw bytes, parsed here: a stored value that is not a policy reads as the default with its revision.
        var result = await store.TryGetEntryAsync<byte[]>(PriorityPolicy.Key, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!result.Success || result.Value is not { Operation: NatsKVOperation.Put } put)
            return new StoredPriorityPolicy(PriorityPolicy.Default, 0);
        try
        {
            return new StoredPriorityPolicy(Parse(put.Value ?? []) ?? PriorityPolicy.Default, put.Revision);
        }
        catch (JsonException)
        {
            return new StoredPriorityPolicy(PriorityPolicy.Default, put.Revision); // the dispatchers ignore it too
        }
    }

    /// <summary>Stores <paramref name="policy"/> for every dispatcher replica; returns the new revision.</summary>
    public async Task<ulong> SaveAsync(PriorityPolicy policy, CancellationToken cancellationToken = default)
    {
        var store = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await store.PutAsync(PriorityPolicy.Key, policy, NotifySerializer<PriorityPolicy>.Default, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>A stored value as a policy; throws <see cref="JsonException"/> when it is not one.</summary>
    public static PriorityPolicy? Parse(ReadOnlySpan<byte> value) => JsonSerializer.Deserialize(value, NotifyJson.Default.PriorityPolicy);
}
