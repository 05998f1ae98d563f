using System.Diagnostics;
using System.Runtime.Versioning;

namespace Notify.AppHost.Servers;

/// <summary>
/// Finds the server programs the local stack runs (from Debian's packages, or nats-server from PATH), and says which
/// package to install when one is missing: the AppHost stops with that one line rather than a resource that never starts.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class ServerPrograms
{
    private const string DebianPostgres = "/usr/lib/postgresql";

    /// <summary>The directories of PATH.</summary>
    private static IEnumerable<string> SearchPath =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin"]);

    /// <summary>The full path of <paramref name="program"/> on PATH.</summary>
    /// <exception cref="MissingServerProgramException">It is not installed.</exception>
    public static string Find(string program, string package)
    {
        return TryFind(program, SearchPath) ?? throw new MissingServerProgramException(program, package);
    }

    /// <summary>The oldest nats-server Notify runs on: 2.9 left settled messages and ack-pending entries behind after crashes.</summary>
    public static readonly Version MinimumNats = new(2, 10);

    /// <summary>nats-server from PATH, <see cref="MinimumNats"/> or newer (Debian 12's package is 2.9.10).</summary>
    /// <exception cref="MissingServerProgramException">It is not installed.</exception>
    /// <exception cref="InvalidOperationException">It is older, or does not say its version.</exception>
    public static string FindNats()
    {
        string program = Find("nats-server", "nats-server");
        Version? version = NatsVersion(program);
        return version >= MinimumNats
            ? program
            : throw new InvalidOperationException(
                $"nats-server {version?.ToString() ?? "(version unknown)"} at {program} is older than {MinimumNats}: ./dev.sh up puts a newer one first on PATH");
    }

    /// <summary>The version <c>nats-server --version</c> prints (<c>nats-server: v2.10.27</c>), or null.</summary>
    private static Version? NatsVersion(string program)
    {
        var start = new ProcessStartInfo(program, ["--version"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process? process = Process.Start(start);
        if (process is null)
            return null;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            process.Kill();
            return null;
        }

        int v = output.IndexOf(": v", StringComparison.Ordinal);
        string number = v < 0 ? "" : new string([.. output[(v + 3)..].TakeWhile(c => char.IsDigit(c) || c == '.')]);
        return Version.TryParse(number, out Version? version) ? version : null;
    }

    /// <summary>PostgreSQL's bin directory (Debian keeps it outside PATH, under /usr/lib/postgresql/VERSION/bin): the newest.</summary>
    /// <exception cref="MissingServerProgramException">PostgreSQL is not installed.</exception>
    public static string PostgresBinDirectory()
    {
        IEnumerable<string> versioned = Directory.Exists(DebianPostgres)
            ? Directory.EnumerateDirectories(DebianPostgres)
                .Select(directory => Path.Combine(directory, "bin"))
                .OrderByDescending(directory => int.TryParse(Path.GetFileName(Path.GetDirectoryName(directory)), out int major) ? major : 0)
            : [];
        string postgres = TryFind("postgres", versioned.Concat(SearchPath))
            ?? throw new MissingServerProgramException("postgres", "postgresql");
        string directory = Path.GetDirectoryName(File.ResolveLinkTarget(postgres, returnFinalTarget: true)?.FullName ?? postgres)!;
        return File.Exists(Path.Combine(directory, "initdb"))
            ? directory
            : throw new MissingServerProgramException("initdb", "postgresql");
    }

    private static string? TryFind(string program, IEnumerable<string> directories)
    {
        return directories
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(path => File.Exists(path) && (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0);
    }
}

/// <summary>A server program the local stack runs is not installed.</summary>
/// <param name="program">The program looked for.</param>
/// <param name="package">The Debian package that has it.</param>
public sealed class MissingServerProgramException(string program, string package)
    : Exception($"{program} is not installed: ./dev.sh up installs it, or: sudo apt-get install {package}");
