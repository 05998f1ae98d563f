using System.Text.Json;
using Microsoft.Extensions.Options;
using Notify.Core.Messaging;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;

namespace Notify.Ingest.Auth;

/// <summary>
/// The KV bucket of API keys (<see cref="Subjects.ApiKeyBucket"/>): created at start, bootstrap keys written into it,
/// then handed to the <see cref="ApiKeyDirectory"/>. Values are <see cref="ApiKeyRecord"/> JSON under the key's hash.
/// </summary>
public sealed partial class ApiKeyBucket(INatsJSContext js, IOptions<ApiKeyOptions> options, IOptions<StreamTopologyOptions> streams,
    ApiKeyDirectory directory, ILogger<ApiKeyBucket> logger)
{
    /// <summary>Creates the bucket, writes the bootstrap keys and attaches the bucket to the directory.</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        var bucket = await new NatsKVContext(js).CreateOrUpdateStoreAsync(new NatsKVConfig(Subjects.ApiKeyBucket)
        {
            Description = "Notify API keys by SHA-256: tenant, name and scopes",
            NumberOfReplicas = await StreamTopology.ReplicasOnAsync(js, streams.Value.Replicas).ConfigureAwait(false),
        }, cancellationToken).ConfigureAwait(false);

        foreach (var key in options.Value.Bootstrap)
        {
            var record = new ApiKeyRecord(key.Tenant, key.Name ?? "bootstrap", [.. key.ScopeList]);
            // Read and written as bytes: what is compared is exactly what would be written.
            var value = JsonSerializer.SerializeToUtf8Bytes(record, ApiKeyJson.Default.ApiKeyRecord);
            var hash = ApiKeyHash.Of(key.Key).ToString();
            var current = await bucket.TryGetEntryAsync<byte[]>(hash, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (current.Success && current.Value.Value.AsSpan().SequenceEqual(value))
                continue; // every replica writes at every start: leave an unchanged key alone
            if (!current.Success && current.Error is not (NatsKVKeyNotFoundException or NatsKVKeyDeletedException))
                throw current.Error;
            await bucket.PutAsync(hash, value, cancellationToken: cancellationToken).ConfigureAwait(false);
            LogBootstrapped(logger, record.Name!, record.Tenant, string.Join(',', record.Scopes));
        }
        directory.Attach(bucket);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bootstrap API key {Name} of tenant {Tenant} written with scopes {Scopes}")]
    private static partial void LogBootstrapped(ILogger logger, string name, string tenant, string scopes);
}
