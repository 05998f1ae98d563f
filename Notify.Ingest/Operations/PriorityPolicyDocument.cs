using Notify.Core.Notifications;
using Notify.Ingest.Notifications;

namespace Notify.Ingest.Operations;

/// <summary>
/// The dispatchers' priority policy over HTTP (<c>/v1/admin/priority-policy</c>). A PUT replaces it whole:
/// <c>starvationGuard</c> is required; <c>paused</c> lists the priorities not fetched for now (never <c>critical</c>);
/// <c>yielding</c>, <c>yieldingInFlight</c> and <c>yieldWindowMs</c> say which priorities give way while critical
/// notifications flow, and how far (omitted: the defaults, low at most 4 in flight per replica for 1,000 ms).
/// </summary>
/// <param name="StarvationGuard">Picks that may go to higher priorities in a row while a lower one waits (0 to 10,000; 0 turns the guard off).</param>
/// <param name="Paused">Priorities not fetched: any of <c>high</c>, <c>normal</c>, <c>low</c>.</param>
/// <param name="Yielding">Priorities that give way while critical flows: any of <c>high</c>, <c>normal</c>, <c>low</c>.</param>
/// <param name="YieldingInFlight">Deliveries of the yielding priorities at once per replica while critical flows (0 to 10,000; 0 turns yielding off).</param>
/// <param name="YieldWindowMs">How long after the last critical notification they keep giving way (0 to 600,000 ms).</param>
public sealed record PriorityPolicyDocument(int? StarvationGuard, IReadOnlyList<string>? Paused,
    IReadOnlyList<string>? Yielding = null, int? YieldingInFlight = null, int? YieldWindowMs = null)
{
    /// <summary>The largest starvation guard accepted.</summary>
    public const int MaxStarvationGuard = 10_000;

    /// <summary>The largest yielding limit accepted.</summary>
    public const int MaxYieldingInFlight = 10_000;

    /// <summary>The longest yield window accepted.</summary>
    public const int MaxYieldWindowMs = 600_000;

    /// <summary>The KV revision the policy was read from or written as; 0 while none is stored (the default is in force).</summary>
    public ulong? Revision { get; init; }

    /// <summary>The document of <paramref name="policy"/>.</summary>
    public static PriorityPolicyDocument From(PriorityPolicy policy, ulong revision) =>
        new(policy.StarvationGuard, [.. policy.Paused.Select(p => p.ToWire())], [.. policy.Yielding.Select(p => p.ToWire())],
            policy.YieldingInFlight, policy.YieldWindowMs) { Revision = revision };

    /// <summary>The policy this document asks for, or null with <paramref name="errors"/> naming each bad field.</summary>
    public PriorityPolicy? ToPolicy(ref Dictionary<string, string[]>? errors)
    {
        if (StarvationGuard is not { } guard)
            FieldErrors.Add(ref errors, "starvationGuard", "Required.");
        else if (guard is < 0 or > MaxStarvationGuard)
            FieldErrors.Add(ref errors, "starvationGuard", $"Must be 0 to {MaxStarvationGuard} (0 turns the guard off).");
        if (Revision is not null)
            FieldErrors.Add(ref errors, "revision", "Read-only.");

        if (YieldingInFlight is < 0 or > MaxYieldingInFlight)
            FieldErrors.Add(ref errors, "yieldingInFlight", $"Must be 0 to {MaxYieldingInFlight} (0 turns yielding off).");
        if (YieldWindowMs is < 0 or > MaxYieldWindowMs)
            FieldErrors.Add(ref errors, "yieldWindowMs", $"Must be 0 to {MaxYieldWindowMs}.");
        var paused = NonCritical(Paused, "paused", "Critical cannot be paused.", ref errors);
        var yielding = Yielding is null ? PriorityPolicy.Default.Yielding : NonCritical(Yielding, "yielding", "Critical never gives way.", ref errors);
        return errors is null
            ? new PriorityPolicy
            {
                StarvationGuard = StarvationGuard!.Value,
                Paused = paused,
                Yielding = yielding,
                YieldingInFlight = YieldingInFlight ?? PriorityPolicy.Default.YieldingInFlight,
                YieldWindowMs = YieldWindowMs ?? PriorityPolicy.Default.YieldWindowMs,
            }
            : null;
    }

    private static List<Priority> NonCritical(IReadOnlyList<string>? values, string name, string criticalError, ref Dictionary<string, string[]>? errors)
    {
        var result = new List<Priority>();
        for (var i = 0; i < (values?.Count ?? 0); i++)
        {
            var field = $"{name}[{i}]";
            if (!Priorities.TryParse(values![i], out var priority))
                FieldErrors.Add(ref errors, field, "Must be one of high, normal, low.");
            else if (priority == Priority.Critical)
                FieldErrors.Add(ref errors, field, criticalError);
            else if (!result.Contains(priority))
                result.Add(priority);
        }
        return result;
    }
}
