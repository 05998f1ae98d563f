using System.Text.RegularExpressions;
using Notify.Nats.JetStream.Models;

namespace Notify.Nats.JetStream.KeyValue;

/// <summary>Key-value buckets on JetStream, laid out as NATS.Net and the nats CLI lay them out.</summary>
public sealed partial class NatsKVContext(NatsJSContext context)
{
    /// <summary>The JetStream context underneath.</summary>
    public NatsJSContext JetStream { get; } = context;

    /// <summary>Creates the bucket, or updates it to <paramref name="config"/> when it exists.</summary>
    public async ValueTask<NatsKVStore> CreateOrUpdateStoreAsync(NatsKVConfig config, CancellationToken cancellationToken = default)
    {
        if (!BucketName().IsMatch(config.Bucket))
            throw new ArgumentException($"'{config.Bucket}' is not a valid bucket name.", nameof(config));
        if (config.History is < 1 or > 64)
            throw new ArgumentException("History must be between 1 and 64.", nameof(config));
        var stream = new StreamConfig($"KV_{config.Bucket}", [$"$KV.{config.Bucket}.>"])
        {
            Description = config.Description,
            MaxMsgsPerSubject = config.History,
            MaxAge = config.MaxAge,
            MaxBytes = config.MaxBytes > 0 ? config.MaxBytes : -1,
            MaxMsgSize = config.MaxValueSize > 0 ? config.MaxValueSize : -1,
            Storage = config.Storage,
            NumReplicas = config.NumReplicas,
            Discard = StreamConfigDiscard.New,
            AllowRollupHdrs = true,
            DenyDelete = true,
            AllowDirect = true,
            DuplicateWindow = config.MaxAge > TimeSpan.Zero && config.MaxAge < TimeSpan.FromMinutes(2) ? config.MaxAge : TimeSpan.FromMinutes(2),
        };
        await JetStream.CreateOrUpdateStreamAsync(stream, cancellationToken).ConfigureAwait(false);
        return new NatsKVStore(JetStream, config.Bucket);
    }

    /// <summary>The existing bucket <paramref name="bucket"/>.</summary>
    /// <exception cref="NatsJSApiException">10059 when it does not exist.</exception>
    public async ValueTask<NatsKVStore> GetStoreAsync(string bucket, CancellationToken cancellationToken = default)
    {
        await JetStream.GetStreamAsync($"KV_{bucket}", cancellationToken).ConfigureAwait(false);
        return new NatsKVStore(JetStream, bucket);
    }

    /// <summary>Deletes a bucket and all its keys.</summary>
    public ValueTask<bool> DeleteStoreAsync(string bucket, CancellationToken cancellationToken = default) =>
        JetStream.DeleteStreamAsync($"KV_{bucket}", cancellationToken);

    [GeneratedRegex("^[a-zA-Z0-9_-]+$")]
    private static partial Regex BucketName();
}
