using System.Globalization;

namespace Notify.Bench.Pipeline;

/// <summary>Peak resident memory (VmHWM) of each running resource process, in MB, read from /proc.</summary>
internal static class ServiceMemory
{
    public static Dictionary<string, double?> PeakRssMb(IEnumerable<StackProcess> resources) =>
        resources.ToDictionary(r => r.Name, r => r.ProcessId is { } pid ? ReadPeakMb(pid) : null);

    private static double? ReadPeakMb(int pid)
    {
        var status = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status";
        if (!File.Exists(status))
            return null;
        foreach (var line in File.ReadLines(status))
        {
            if (!line.StartsWith("VmHWM:", StringComparison.Ordinal))
                continue;
            var kb = long.Parse(line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
            return Math.Round(kb / 1024.0, 1);
        }
        return null;
    }
}
