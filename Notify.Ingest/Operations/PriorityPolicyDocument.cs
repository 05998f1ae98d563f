using Notify.Core.Notifications;
using Notify.Ingest.Notifications;

namespace Notify.Ingest.Operations;

/// <summary>
/// The dispatchers' priority policy over HTTP (<c>/v1/admin/priority-policy</c>). A PUT replaces it whole:
/// <c>starvationGuard</c> is required; <c>paused</c> lists the priorities not fetched for now (never <c>critical</c>).
/// </summary>
/// <param name="StarvationGuard">Picks that may go to higher priorities in a row while a lower one waits (0 to 10,000; 0 turns the guard off).</param>
/// <param name="Paused">Priorities not fetched: any of <c>high</c>, <c>normal</c>, <c>low</c>.</param>
public sealed record PriorityPolicyDocument(int? StarvationGuard, IReadOnlyList<string>? Paused)
{
    /// <summary>The largest starvation guard accepted.</summary>
    public const int MaxStarvationGuard = 10_000;

    /// <summary>The KV revision the policy was read from or written as; 0 while none is stored (the default is in force).</summary>
    public ulong? Revision { get; init; }

    /// <summary>The document of <paramref name="policy"/>.</summary>
    public static PriorityPolicyDocument From(PriorityPolicy policy, ulong revision) =>
        new(policy.StarvationGuard, [.. policy.Paused.Select(p => p.ToWire())]) { Revision = revision };

    /// <summary>The policy this document asks for, or null with <paramref name="errors"/> naming each bad field.</summary>
    public PriorityPolicy? ToPolicy(ref Dictionary<string, string[]>? errors)
    {
        if (StarvationGuard is not { } guard)
            FieldErrors.Add(ref errors, "starvationGuard", "Required.");
        else if (guard is < 0 or > MaxStarvationGuard)
            FieldErrors.Add(ref errors, "starvationGuard", $"Must be 0 to {MaxStarvationGuard} (0 turns the guard off).");
        if (Revision is not null)
            FieldErrors.Add(ref errors, "revision", "Read-only.");

        var paused = new List<Priority>();
        for (var i = 0; i < (Paused?.Count ?? 0); i++)
        {
            var field = $"paused[{i}]";
            if (!Priorities.TryParse(Paused![i], out var priority))
                FieldErrors.Add(ref errors, field, "Must be one of high, normal, low.");
            else if (priority == Priority.Critical)
                FieldErrors.Add(ref errors, field, "Critical cannot be paused.");
            else if (!paused.Contains(priority))
                paused.Add(priority);
        }
        return errors is null ? new PriorityPolicy { StarvationGuard = StarvationGuard!.Value, Paused = paused } : null;
    }
}
