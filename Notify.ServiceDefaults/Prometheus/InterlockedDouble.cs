namespace Notify.ServiceDefaults.Prometheus;

/// <summary>Lock-free addition to a <see cref="double"/> field.</summary>
internal static class InterlockedDouble
{
    public static void Add(ref double location, double value)
    {
        double current = Volatile.Read(ref location);
        while (true)
        {
            double seen = Interlocked.CompareExchange(ref location, current + value, current);
            if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current))
            {
                return;
            }

            current = seen;
        }
    }
}
