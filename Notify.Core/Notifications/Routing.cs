namespace Notify.Core.Notifications;

/// <summary>How a notification uses the channels it may go to.</summary>
public enum Routing
{
    /// <summary>One channel at a time, in order: the next takes over only when the one before fails for good.</summary>
    Fallback,
    /// <summary>Every channel at once, each with its own retries; none takes over for another.</summary>
    All,
}

/// <summary>Wire names of <see cref="Routing"/> (<c>fallback</c>, <c>all</c>).</summary>
public static class Routings
{
    private static readonly string[] Names = ["fallback", "all"];

    /// <summary>The wire name.</summary>
    public static string ToWire(this Routing routing) => Names[(int)routing];

    /// <summary>Parses a wire name, case-insensitively.</summary>
    public static bool TryParse(string? value, out Routing routing)
    {
        for (var i = 0; i < Names.Length; i++)
        {
            if (string.Equals(Names[i], value, StringComparison.OrdinalIgnoreCase))
            {
                routing = (Routing)i;
                return true;
            }
        }
        routing = Routing.Fallback;
        return false;
    }
}
