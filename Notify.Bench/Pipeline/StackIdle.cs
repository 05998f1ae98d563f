using System.Diagnostics;

namespace Notify.Bench.Pipeline;

/// <summary>
/// Waits until the stack has finished the work a burst left behind (status writes, compilation, collections): its
/// processes together use less than <see cref="QuietCores"/> of a core over <see cref="Window"/>.
/// </summary>
internal static class StackIdle
{
    /// <summary>CPU share, summed over the stack's processes, under which the stack counts as idle.</summary>
    public const double QuietCores = 0.05;

    /// <summary>How long the stack must stay under <see cref="QuietCores"/>.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    /// <summary>Seconds waited, or null when the stack was still busy after <paramref name="limit"/>.</summary>
    public static async Task<double?> WaitAsync(IEnumerable<StackProcess> resources, TimeSpan limit, CancellationToken cancellationToken)
    {
        var stack = resources.ToList();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            var cpu = ProcessCpu.Start(stack);
            await Task.Delay(Window, cancellationToken);
            var busy = cpu.Seconds().Where(p => p.Key is not ("bench" or "machine")).Sum(p => p.Value);
            if (busy / Window.TotalSeconds < QuietCores)
                return Math.Round(clock.Elapsed.TotalSeconds, 1);
        }
        return null;
    }
}
