using System.Globalization;

namespace Notify.Bench.Pipeline;

/// <summary>
/// CPU time (user + system, every thread) of each resource process and the processes under it, read from
/// /proc/&lt;pid&gt;/stat, so that a run can say which process spent the cores: PostgreSQL's backends count as
/// <c>postgres</c> (live ones from their own stat, ended ones from the server's children's time). Resolution is the
/// kernel's clock tick (10 ms).
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
            if (resource.ProcessId is { } pid && ReadSeconds(pid, withChildren: true) is { } cpu)
                seconds[resource.Name] = cpu;
        }
        seconds["bench"] = ReadSeconds(Environment.ProcessId, withChildren: false) ?? 0; // the AppHost's servers and services are under it
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

    private static double? ReadSeconds(int pid, bool withChildren)
    {
        var stat = ReadStat(pid);
        if (stat is null)
            return null;
        // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and
        // 13th, cutime and cstime (the time of its children that ended) the 14th and 15th.
        var ticks = stat[11..(withChildren ? 15 : 13)].Sum(f => long.Parse(f, CultureInfo.InvariantCulture));
        if (withChildren)
            foreach (var child in Children(pid))
                ticks += (long)Math.Round((ReadSeconds(child, withChildren: true) ?? 0) / TickSeconds);
        return ticks * TickSeconds;
    }

    private static string[]? ReadStat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null; // not running (any more)
        }
    }

    private static IEnumerable<int> Children(int pid)
    {
        try
        {
            return [.. Directory.EnumerateDirectories($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task")
                .SelectMany(thread => File.ReadAllText(Path.Combine(thread, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Select(child => int.Parse(child, CultureInfo.InvariantCulture))];
        }
        catch (IOException)
        {
            return [];
        }
    }
}
