using System.Collections.Concurrent;
using Notify.Ingest.Messaging;
using NATS.Client.Core;
using NATS.Client.KeyValueStore;

namespace Notify.Ingest.Auth;

/// <summary>
/// The API keys Ingest knows, in memory, fed by a watch of the key bucket (<see cref="ApiKeyWatch"/>). Until the
/// watch has caught up, a key not yet seen is looked up in the bucket directly; after that a miss is a miss, so an
/// unknown key costs no round trip and known keys keep working while NATS is away.
/// </summary>
public sealed partial class ApiKeyDirectory(ILogger<ApiKeyDirectory> logger)
{
    private readonly ConcurrentDictionary<ApiKeyHash, ApiClient> _clients = new();
    private volatile INatsKVStore? _bucket;
    private volatile bool _caughtUp;

    /// <summary>Whether the watch has delivered every key that existed when it started.</summary>
    public bool IsCaughtUp => _caughtUp;

    /// <summary>The client holding the key with <paramref name="hash"/>, or null when there is none.</summary>
    /// <exception cref="NatsException">The bucket had to be asked and could not be.</exception>
    public ValueTask<ApiClient?> FindAsync(ApiKeyHash hash, CancellationToken cancellationToken)
    {
        if (_clients.TryGetValue(hash, out var client))
            return ValueTask.FromResult<ApiClient?>(client);
        return _caughtUp || _bucket is null ? ValueTask.FromResult<ApiClient?>(null) : LookUpAsync(_bucket, hash, cancellationToken);
    }

    internal void Attach(INatsKVStore bucket) => _bucket = bucket;

    internal void MarkCaughtUp() => _caughtUp = true;

    /// <summary>Applies one revision of the bucket.</summary>
    internal void Apply(NatsKVEntry<ApiKeyRecord> entry)
    {
        if (!ApiKeyHash.TryParse(entry.Key, out var hash))
        {
            LogIgnored(logger, entry.Key, "the key is not a SHA-256 in hex");
            return;
        }
        if (entry.Operation != NatsKVOperation.Put || Parse(entry) is not { } client)
        {
            _clients.TryRemove(hash, out _);
            return;
        }
        _clients[hash] = client;
    }

    private async ValueTask<ApiClient?> LookUpAsync(INatsKVStore bucket, ApiKeyHash hash, CancellationToken cancellationToken)
    {
        NatsOutage.ThrowIfDown(bucket.JetStreamContext.Connection);
        var entry = await bucket.TryGetEntryAsync(hash.ToString(), serializer: ApiKeyRecordSerializer.Default, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (!entry.Success)
            return entry.Error is NatsKVKeyNotFoundException or NatsKVKeyDeletedException ? null : throw entry.Error;
        if (Parse(entry.Value) is not { } client)
            return null;
        return _clients.GetOrAdd(hash, client);
    }

    private ApiClient? Parse(NatsKVEntry<ApiKeyRecord> entry)
    {
        // A value that is not a record arrives with Error set (the JSON error inside), never as an exception.
        if (entry.Error is { } error)
        {
            LogIgnored(logger, entry.Key, error.InnerException?.Message ?? error.Message);
            return null;
        }
        var record = entry.Value;
        if (record is null || !Tenants.IsValid(record.Tenant) || record.Scopes is null || !record.Scopes.All(ApiScopes.IsKnown))
        {
            LogIgnored(logger, entry.Key, "the record lacks a valid tenant or names an unknown scope");
            return null;
        }
        ApiKeyHash.TryParse(entry.Key, out var hash);
        return new ApiClient(hash, record.Tenant, record.Name ?? "", record.Scopes);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "API key record {KeyHash} ignored: {Reason}")]
    private static partial void LogIgnored(ILogger logger, string keyHash, string reason);
}
