using System.Runtime;
using System.Runtime.InteropServices;

namespace Notify.Bench.Runtime;

/// <summary>
/// Where the figures were taken, as the report states it. The load average (1, 5, 15 min, when the report is
/// made) tells whether other work shared the cores during the run.
/// </summary>
internal sealed record BenchEnvironment(
    int Cores,
    double MemoryGb,
    string Os,
    string Dotnet,
    string Gc,
    string? LoadAverage,
    string? NatsServer,
    string? Node,
    string? Natsjs)
{
    /// <summary>The <c>--set</c> configuration the services ran with, when any.</summary>
    public IReadOnlyList<string>? Settings { get; init; }

    public static BenchEnvironment Describe(string? natsServer, string? node, string? natsJs) => new(
        Environment.ProcessorCount,
        Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1e9, 1),
        RuntimeInformation.OSDescription,
        Environment.Version.ToString(),
        (GCSettings.IsServerGC ? "server" : "workstation") + (GCSettings.LatencyMode == GCLatencyMode.Batch ? "" : ", concurrent"),
        ReadLoadAverage(),
        natsServer,
        node,
        natsJs);

    /// <summary>The 1, 5 and 15 minute load averages, or null where /proc/loadavg is missing.</summary>
    public static string? ReadLoadAverage()
    {
        const string LoadAverageFile = "/proc/loadavg";
        if (!File.Exists(LoadAverageFile))
            return null;
        var fields = File.ReadAllText(LoadAverageFile).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 3 ? string.Join(' ', fields[..3]) : null;
    }
}
