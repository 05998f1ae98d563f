using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Notify.Nats.JetStream.Advisories;

/// <summary>
/// A live subscription to a JetStream advisory subject, already registered with the server when handed out,
/// so no advisory raised after its creation is missed. Advisories are core messages, not stored.
/// </summary>
/// <typeparam name="T">The advisory's type.</typeparam>
public sealed class NatsJSAdvisorySubscription<T> : IAsyncEnumerable<T>, IAsyncDisposable
{
    private readonly NatsSubscription _sub;
    private readonly JsonTypeInfo<T> _type;

    internal NatsJSAdvisorySubscription(NatsSubscription sub, JsonTypeInfo<T> type)
    {
        _sub = sub;
        _type = type;
    }

    /// <summary>The advisory subject (may hold wildcards).</summary>
    public string Subject => _sub.Subject;

    /// <summary>Advisories that were not valid JSON of the expected shape.</summary>
    public long Malformed { get; private set; }

    /// <inheritdoc />
    public async IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        await foreach (var msg in _sub.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (TryParse(msg, out var advisory))
                yield return advisory;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _sub.DisposeAsync();

    private bool TryParse(NatsMsg msg, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? advisory)
    {
        try
        {
            advisory = JsonSerializer.Deserialize(msg.Data.Span, _type);
        }
        catch (JsonException)
        {
            advisory = default;
        }
        if (advisory is null)
            Malformed++;
        return advisory is not null;
    }
}
