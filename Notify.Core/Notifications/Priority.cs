namespace Notify.Core.Notifications;

/// <summary>How urgent a notification is; the dispatcher drains higher priorities first.</summary>
public enum Priority
{
    /// <summary>Order status, one-time passwords, security: never delayed, capped or throttled by others.</summary>
    Critical,
    /// <summary>Important but not time-critical.</summary>
    High,
    /// <summary>The default.</summary>
    Normal,
    /// <summary>Promotional: first to wait under load.</summary>
    Low,
}

/// <summary>Wire names of <see cref="Priority"/> (<c>critical</c>, <c>high</c>, <c>normal</c>, <c>low</c>).</summary>
public static class Priorities
{
    /// <summary>Every priority, most urgent first.</summary>
    public static readonly IReadOnlyList<Priority> All = [Priority.Critical, Priority.High, Priority.Normal, Priority.Low];

    private static readonly string[] Names = ["critical", "high", "normal", "low"];

    /// <summary>The wire name.</summary>
    public static string ToWire(this Priority priority) => Names[(int)priority];

    /// <summary>Parses a wire name, case-insensitively.</summary>
    public static bool TryParse(string? value, out Priority priority)
    {
        for (var i = 0; i < Names.Length; i++)
        {
            if (string.Equals(Names[i], value, StringComparison.OrdinalIgnoreCase))
            {
                priority = (Priority)i;
                return true;
            }
        }
        priority = Priority.Normal;
        return false;
    }
}
