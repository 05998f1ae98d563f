namespace Notify.Core.Status;

/// <summary>Wire names of <see cref="StatusKind"/> (<c>accepted</c>, <c>scheduled</c>, <c>sent</c>, <c>retrying</c>, <c>failed</c>, <c>dead_lettered</c>, …).</summary>
public static class StatusKinds
{
    private static readonly string[] Names =
        ["accepted", "scheduled", "sent", "retrying", "failed", "dead_lettered", "skipped", "cancelled", "merged", "replayed"];

    /// <summary>The wire name.</summary>
    public static string ToWire(this StatusKind kind) => Names[(int)kind];

    /// <summary>Parses a wire name, case-insensitively.</summary>
    public static bool TryParse(string? value, out StatusKind kind)
    {
        for (var i = 0; i < Names.Length; i++)
        {
            if (string.Equals(Names[i], value, StringComparison.OrdinalIgnoreCase))
            {
                kind = (StatusKind)i;
                return true;
            }
        }
        kind = StatusKind.Accepted;
        return false;
    }
}
