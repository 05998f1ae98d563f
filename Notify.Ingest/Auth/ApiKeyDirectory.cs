using System.Collections.Concurrent;
using System.Text.Json;
using Notify.Nats;
using Notify.Nats.JetStream.KeyValue;

namespace Notify.Ingest.Auth;

/// <summary>
/// The API keys Ingest knows, in memory, fed by a watch of the key bucket (<see cref="ApiKeyWatch"/>). Until the
/// watch has caught up, a key not yet seen is looked up in the bucket directly; after that a miss is a miss, so an
/// unknown key costs no round trip and known keys keep working while NATS is away.
/// </summary>
public sealed partial class ApiKeyDirectory(ILogger<ApiKeyDirectory> logger)
{
    private readonly ConcurrentDictionary<ApiKeyHash, ApiClient> _clients = new();
    private volatile NatsKVStore? _bucket;
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

    internal void Attach(NatsKVStore bucket) => _bucket = bucket;

    internal void MarkCaughtUp() => _caughtUp = true;

    /// <summary>Applies one revision of the bucket.</summary>
    internal void Apply(NatsKVEntry entry)
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

    private async ValueTask<ApiClient?> LookUpAsync(NatsKVStore bucket, ApiKeyHash hash, CancellationToken cancellationToken)
    {
        var entry = await bucket.TryGetEntryAsync(hash.ToString(), cancellationToken).ConfigureAwait(false);
        if (entry is null || Parse(entry) is not { } client)
            return null;
        return _clients.GetOrAdd(hash, client);
    }

    private ApiClient? Parse(NatsKVEntry entry)
    {
        ApiKeyRecord? record;
        try
        {
            record = JsonSerializer.Deserialize(entry.Value.Span, ApiKeyJson.Default.ApiKeyRecord);
        }
        catch (JsonException ex)
        {
            LogIgnored(logger, entry.Key, ex.Message);
            return null;
        }
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
