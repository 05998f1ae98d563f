using System.Globalization;

namespace Notify.Bench.Pipeline;

/// <summary>
/// CPU time (user + system, every thread) of each resource process, read from /proc/&lt;pid&gt;/stat, so that a run can
/// say which process spent the cores. Resolution is the kernel's clock tick (10 ms).
/// </summary>
internal sealed class ProcessCpu
{
    private static readonly double TickSeconds = 1.0 / 100;
    private readonly IReadOnlyList<StackProcess> _resources;
    private readonly Dictionary<string, double> _start;

    private ProcessCpu(IReadOnlyList<StackProcess> resources)
    {
        _resources = resources;
        _start = Read(resources);
    }

    /// <summary>Starts counting now.</summary>
    public static ProcessCpu Start(IEnumerable<StackProcess> resources) => new([.. resources]);

    /// <summary>
    /// CPU seconds each process used since <see cref="Start"/>; the bench's own process as <c>bench</c>, and every process on
    /// the machine together as <c>machine</c> (so that work outside the stack shows as the difference).
    /// </summary>
    public Dictionary<string, double> Seconds()
    {
        var now = Read(_resources);
        return now.ToDictionary(p => p.Key, p => Math.Round(p.Value - _start.GetValueOrDefault(p.Key), 2));
    }

    private static Dictionary<string, double> Read(IReadOnlyList<StackProcess> resources)
    {
        var seconds = new Dictionary<string, double>();
        foreach (var resource in resources)
        {
            if (resource.ProcessId is { } pid && ReadSeconds(pid) is { } cpu)
                seconds[resource.Name] = cpu;
        }
        seconds["bench"] = ReadSeconds(Environment.ProcessId) ?? 0;
        seconds["machine"] = ReadMachineSeconds();
        return seconds;
    }

    private static double ReadMachineSeconds()
    {
        // "cpu  user nice system idle iowait irq softirq steal …": busy is everything but idle and iowait.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..9]
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return (fields.Sum() - fields[3] - fields[4]) * TickSeconds;
    }

    private static double? ReadSeconds(int pid)
    {
        var path = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat";
        if (!File.Exists(path))
            return null;
        var text = File.ReadAllText(path);
        // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks * TickSeconds;
    }
}
