using Microsoft.Extensions.Options;
using Notify.Core.Notifications;

namespace Notify.Sandbox.Records;

/// <summary>
/// The accepted messages, oldest first, bounded by <see cref="SandboxOptions.Capacity"/>, with the idempotency keys
/// of those still kept: a key is remembered exactly as long as a message that carried it.
/// </summary>
public sealed class MessageStore(IOptions<SandboxOptions> options)
{
    private readonly int _capacity = options.Value.Capacity;
    private readonly Lock _gate = new();
    private readonly Queue<Entry> _messages = new();
    private readonly Dictionary<string, KeptKey> _byKey = new(StringComparer.Ordinal);

    /// <summary>
    /// Records <paramref name="message"/>, noting whether its <see cref="SandboxMessage.IdempotencyKey"/> was seen before
    /// in <paramref name="scope"/> (an account, a project, an endpoint). A repeated key is recorded again with
    /// <see cref="KeyHandling.Deliver"/>; with <see cref="KeyHandling.Deduplicate"/> the original is returned and
    /// nothing is recorded.
    /// </summary>
    public Acceptance Accept(SandboxMessage message, string scope, KeyHandling handling)
    {
        string? key = message.IdempotencyKey is { } idempotencyKey ? $"{message.Channel.ToWire()}\n{scope}\n{idempotencyKey}" : null;
        lock (_gate)
        {
            var repeated = false;
            if (key is not null)
            {
                if (_byKey.TryGetValue(key, out KeptKey kept))
                {
                    if (handling == KeyHandling.Deduplicate)
                    {
                        return new Acceptance(kept.First, Recorded: false, RepeatedKey: true);
                    }

                    repeated = true;
                    _byKey[key] = kept with { Messages = kept.Messages + 1 };
                }
                else
                {
                    _byKey.Add(key, new KeptKey(message, 1));
                }
            }

            _messages.Enqueue(new Entry(message, key));
            while (_messages.Count > _capacity)
            {
                if (_messages.Dequeue().Key is { } evicted)
                {
                    Forget(evicted);
                }
            }

            return new Acceptance(message, Recorded: true, RepeatedKey: repeated);
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

    private void Forget(string key)
    {
        KeptKey kept = _byKey[key];
        if (kept.Messages == 1)
        {
            _byKey.Remove(key);
        }
        else
        {
            _byKey[key] = kept with { Messages = kept.Messages - 1 };
        }
    }

    private readonly record struct Entry(SandboxMessage Message, string? Key);

    /// <summary>A key still carried by <paramref name="Messages"/> kept messages, the first of them <paramref name="First"/>.</summary>
    private readonly record struct KeptKey(SandboxMessage First, int Messages);
}
