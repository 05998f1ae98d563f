using Microsoft.Extensions.Options;
using Notify.Core.Notifications;

namespace Notify.Sandbox.Records;

/// <summary>
/// The accepted messages, oldest first, bounded by <see cref="SandboxOptions.Capacity"/>, with the idempotency keys
/// of those still kept: a key is remembered exactly as long as the message it produced.
/// </summary>
public sealed class MessageStore(IOptions<SandboxOptions> options)
{
    private readonly int _capacity = options.Value.Capacity;
    private readonly Lock _gate = new();
    private readonly Queue<Entry> _messages = new();
    private readonly Dictionary<string, SandboxMessage> _byKey = new(StringComparer.Ordinal);

    /// <summary>
    /// Records <paramref name="message"/>, unless its <see cref="SandboxMessage.IdempotencyKey"/> was seen before in
    /// <paramref name="scope"/> (an account, a project, an endpoint): then the original is returned and nothing is recorded.
    /// </summary>
    public Acceptance Accept(SandboxMessage message, string scope)
    {
        string? key = message.IdempotencyKey is { } idempotencyKey ? $"{message.Channel.ToWire()}\n{scope}\n{idempotencyKey}" : null;
        lock (_gate)
        {
            if (key is not null)
            {
                if (_byKey.TryGetValue(key, out SandboxMessage? original))
                {
                    return new Acceptance(original, IsDuplicate: true);
                }

                _byKey.Add(key, message);
            }

            _messages.Enqueue(new Entry(message, key));
            while (_messages.Count > _capacity)
            {
                if (_messages.Dequeue().Key is { } evicted)
                {
                    _byKey.Remove(evicted);
                }
            }

            return new Acceptance(message, IsDuplicate: false);
        }
    }

    /// <summary>The messages meeting <paramref name="filter"/>, oldest first (the newest <see cref="MessageFilter.Limit"/> when set).</summary>
    public IReadOnlyList<SandboxMessage> Find(MessageFilter filter)
    {
        var found = new List<SandboxMessage>();
        lock (_gate)
        {
            foreach (Entry entry in _messages)
            {
                if (filter.Matches(entry.Message))
                {
                    found.Add(entry.Message);
                }
            }
        }

        return filter.Limit is { } limit && found.Count > limit ? found[^limit..] : found;
    }

    /// <summary>Forgets every message and idempotency key.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _messages.Clear();
            _byKey.Clear();
        }
    }

    private readonly record struct Entry(SandboxMessage Message, string? Key);
}
