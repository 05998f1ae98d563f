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
