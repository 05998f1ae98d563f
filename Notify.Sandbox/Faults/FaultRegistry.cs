using System.Collections.Immutable;

namespace Notify.Sandbox.Faults;

/// <summary>
/// The active faults. Requests read an immutable snapshot without locking; changes, which come only from the
/// control API, swap it under a lock.
/// </summary>
public sealed class FaultRegistry(TimeProvider time)
{
    private readonly Lock _gate = new();
    private ImmutableArray<ActiveFault> _faults = [];
    private long _lastNumber;

    /// <summary>Activates the fault <paramref name="request"/> describes (it must be valid) and returns its rule.</summary>
    public FaultRule Add(FaultRequest request)
    {
        FaultRule rule = request.ToRule(Interlocked.Increment(ref _lastNumber), time.GetUtcNow());
        lock (_gate)
        {
            // Narrowest first, then newest (the sort is stable): the first match decides.
            _faults = [.. _faults.Insert(0, new ActiveFault(rule)).OrderByDescending(fault => fault.Rule.Specificity)];
        }

        return rule;
    }

    /// <summary>The fault that decides <paramref name="call"/>'s answer, if any.</summary>
    public ActiveFault? Match(ProviderCall call)
    {
        foreach (ActiveFault fault in _faults)
        {
            if (fault.Rule.Matches(call))
            {
                return fault;
            }
        }

        return null;
    }

    /// <summary>Every active fault's rule.</summary>
    public IReadOnlyList<FaultRule> List() => [.. _faults.Select(fault => fault.Rule)];

    /// <summary>The rule with <paramref name="id"/>, if active.</summary>
    public FaultRule? Find(string id) => _faults.FirstOrDefault(fault => fault.Rule.Id == id)?.Rule;

    /// <summary>Deactivates the fault with <paramref name="id"/>; false when there is none.</summary>
    public bool Remove(string id)
    {
        lock (_gate)
        {
            ImmutableArray<ActiveFault> remaining = _faults.RemoveAll(fault => fault.Rule.Id == id);
            bool removed = remaining.Length != _faults.Length;
            _faults = remaining;
            return removed;
        }
    }

    /// <summary>Deactivates every fault.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _faults = [];
        }
    }
}
