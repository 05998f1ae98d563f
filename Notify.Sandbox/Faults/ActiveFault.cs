namespace Notify.Sandbox.Faults;

/// <summary>A fault rule with its own seeded random, so a given sequence of requests meets the same answers every run.</summary>
public sealed class ActiveFault(FaultRule rule)
{
    private readonly Lock _gate = new();
    private readonly Random _random = new(rule.Seed);

    /// <summary>The rule.</summary>
    public FaultRule Rule => rule;

    /// <summary>Whether this request gets the injected error: always in an outage, else with the rule's error rate.</summary>
    public bool Strikes()
    {
        if (rule.Outage)
        {
            return true;
        }

        lock (_gate)
        {
            return _random.NextDouble() < rule.ErrorRate;
        }
    }
}
