using Notify.Nats.JetStream.Models;

namespace Notify.Nats.JetStream.KeyValue;

/// <summary>A key-value bucket's configuration; the bucket is the stream <c>KV_&lt;bucket&gt;</c>.</summary>
/// <param name="Bucket">Bucket name (letters, digits, <c>-</c> and <c>_</c>).</param>
public sealed record NatsKVConfig(string Bucket)
{
    /// <summary>Values kept per key (1 to 64).</summary>
    public int History { get; init; } = 1;
    /// <summary>How long a value lives; zero keeps it forever.</summary>
    public TimeSpan MaxAge { get; init; }
    /// <summary>Most bytes in the bucket; zero for no limit.</summary>
    public long MaxBytes { get; init; }
    /// <summary>Largest value; zero for no limit.</summary>
    public int MaxValueSize { get; init; }
    /// <summary>Storage.</summary>
    public StreamConfigStorage Storage { get; init; } = StreamConfigStorage.File;
    /// <summary>Replicas.</summary>
    public int NumReplicas { get; init; } = 1;
    /// <summary>Free text.</summary>
    public string? Description { get; init; }
}

/// <summary>What an entry records.</summary>
public enum NatsKVOperation
{
    /// <summary>A value was put.</summary>
    Put,
    /// <summary>The key was deleted.</summary>
    Del,
    /// <summary>The key and its history were purged.</summary>
    Purge,
}

/// <summary>One revision of a key.</summary>
/// <param name="Bucket">Bucket name.</param>
/// <param name="Key">Key.</param>
/// <param name="Value">Value; empty for a delete or purge.</param>
/// <param name="Revision">Revision: the stream sequence.</param>
/// <param name="Created">When it was stored.</param>
/// <param name="Operation">What it records.</param>
public sealed record NatsKVEntry(string Bucket, string Key, ReadOnlyMemory<byte> Value, ulong Revision, DateTimeOffset Created, NatsKVOperation Operation);

/// <summary>The key has no value (never put, deleted or purged).</summary>
public sealed class NatsKVKeyNotFoundException(string bucket, string key) : NatsException($"Key '{key}' not found in bucket '{bucket}'.");

/// <summary>A create or update found another revision than the one expected.</summary>
public sealed class NatsKVWrongLastRevisionException(string bucket, string key, Exception inner)
    : NatsException($"Key '{key}' in bucket '{bucket}' is not at the expected revision.", inner);
