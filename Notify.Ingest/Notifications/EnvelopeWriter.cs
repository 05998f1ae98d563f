using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.ObjectPool;
using Notify.Core.Messaging;
using Notify.Core.Notifications;

namespace Notify.Ingest.Notifications;

/// <summary>
/// Serializes envelopes (source-generated <see cref="NotifyJson"/>) into a reused buffer: pooled, so the accept
/// path does not allocate a payload array per request. The bytes are valid until the next write or the return.
/// </summary>
public sealed class EnvelopeWriter
{
    private static readonly ObjectPool<EnvelopeWriter> Pool = new DefaultObjectPool<EnvelopeWriter>(new Policy(), Environment.ProcessorCount * 4);
    private const int MaxRetainedBytes = 256 * 1024;

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _json;

    private EnvelopeWriter() => _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });

    /// <summary>A writer from the pool; give it back with <see cref="Return"/>.</summary>
    public static EnvelopeWriter Rent() => Pool.Get();

    /// <summary>Gives a writer back to the pool.</summary>
    public static void Return(EnvelopeWriter writer) => Pool.Return(writer);

    /// <summary>The JSON of <paramref name="envelope"/>.</summary>
    public ReadOnlyMemory<byte> Write(NotificationEnvelope envelope)
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        JsonSerializer.Serialize(_json, envelope, NotifyJson.Default.NotificationEnvelope);
        _json.Flush();
        return _buffer.WrittenMemory;
    }

    private sealed class Policy : PooledObjectPolicy<EnvelopeWriter>
    {
        public override EnvelopeWriter Create() => new();

        // A writer grown by one large envelope is dropped rather than kept holding that memory.
        public override bool Return(EnvelopeWriter obj) => obj._buffer.Capacity <= MaxRetainedBytes;
    }
}
