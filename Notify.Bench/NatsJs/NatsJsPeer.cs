using System.ComponentModel;
using System.Text.Json;
using Notify.Bench.Measurement;
using Notify.Bench.Runtime;

namespace Notify.Bench.NatsJs;

/// <summary>
/// The nats.js client run by node from <c>Notify.Bench/peer</c>: one process per timed run, against the server,
/// stream and consumers the .NET side prepared. Installs its packages with <c>npm ci</c> when they are missing.
/// </summary>
internal sealed class NatsJsPeer
{
    private const string Script = "bench.mjs";

    private readonly string _directory;
    private readonly BenchLog _log;

    private NatsJsPeer(string directory, string nodeVersion, string natsJsVersion, BenchLog log)
    {
        _directory = directory;
        _log = log;
        NodeVersion = nodeVersion;
        NatsJsVersion = natsJsVersion;
    }

    public string NodeVersion { get; }

    public string NatsJsVersion { get; }

    /// <summary>Finds node and the peer directory and installs the packages if needed.</summary>
    public static async Task<NatsJsAvailability> PrepareAsync(BenchLog log, CancellationToken cancellationToken)
    {
        if (PeerDirectory.Find() is not { } directory)
            return NatsJsAvailability.Unavailable($"the peer directory (Notify.Bench/peer/{Script}) was not found");
        string nodeVersion;
        try
        {
            var node = await ChildCommand.RunAsync("node", ["--version"], directory, log, "node", tieToStdin: false, cancellationToken);
            if (node.ExitCode != 0)
                return NatsJsAvailability.Unavailable($"node --version exited with {node.ExitCode}");
            nodeVersion = node.Output.Trim();
        }
        catch (Win32Exception)
        {
            return NatsJsAvailability.Unavailable("node is not installed (not found on PATH)");
        }

        var manifest = Path.Combine(directory, "node_modules", "nats", "package.json");
        if (!File.Exists(manifest))
        {
            log.Info("installing the nats.js peer's packages with npm ci");
            try
            {
                var npm = await ChildCommand.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], directory, log, "npm", tieToStdin: false, cancellationToken);
                if (npm.ExitCode != 0 || !File.Exists(manifest))
                    return NatsJsAvailability.Unavailable($"npm ci failed with exit code {npm.ExitCode} (see stderr)");
            }
            catch (Win32Exception)
            {
                return NatsJsAvailability.Unavailable("npm is not installed (not found on PATH), so nats.js cannot be installed");
            }
        }
        using var package = JsonDocument.Parse(await File.ReadAllBytesAsync(manifest, cancellationToken));
        var version = package.RootElement.GetProperty("version").GetString() ?? "";
        log.Info($"nats.js {version} on node {nodeVersion}");
        return NatsJsAvailability.Ready(new NatsJsPeer(directory, nodeVersion, version, log));
    }

    /// <summary>Runs one workload of <c>bench.mjs</c> and returns its timed run.</summary>
    public async Task<Sample> RunAsync(string workload, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        string[] command = [Script, workload, .. arguments, "--exit-with-stdin"];
        var result = await ChildCommand.RunAsync("node", command, _directory, _log, "nats.js", tieToStdin: true, cancellationToken);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"nats.js {workload} exited with {result.ExitCode} (see stderr).");
        var run = JsonSerializer.Deserialize<NatsJsRun>(result.Output, BenchJson.Options)
            ?? throw new InvalidOperationException($"nats.js {workload} printed no result.");
        return Sample.External(run.Count, TimeSpan.FromMilliseconds(run.DurationMs), TimeSpan.FromMilliseconds(run.CpuMs));
    }
}
