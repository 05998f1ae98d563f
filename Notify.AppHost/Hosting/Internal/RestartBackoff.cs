namespace Notify.AppHost.Hosting.Internal;

/// <summary>
/// How long to wait before restarting a crashed service: 1 s, then doubling up to 30 s while it keeps crashing;
/// back to 1 s once it ran for a minute. A failed restart counts as a run of zero seconds.
/// </summary>
internal sealed class RestartBackoff
{
    public static readonly TimeSpan Initial = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Maximum = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan StableAfter = TimeSpan.FromMinutes(1);

    private int _consecutiveCrashes;

    /// <summary>The delay before the next restart, after a run that lasted <paramref name="uptime"/>.</summary>
    public TimeSpan Next(TimeSpan uptime)
    {
        if (uptime >= StableAfter)
        {
            _consecutiveCrashes = 0;
        }

        _consecutiveCrashes++;
        double factor = Math.Pow(2, Math.Min(_consecutiveCrashes - 1, 30));
        return TimeSpan.FromTicks((long)Math.Min(Initial.Ticks * factor, Maximum.Ticks));
    }
}
