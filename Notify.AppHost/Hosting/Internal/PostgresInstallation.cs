using System.Globalization;

namespace Notify.AppHost.Hosting.Internal;

/// <summary>
/// Where the PostgreSQL server programs are: on <c>PATH</c>, else in Debian's
/// <c>/usr/lib/postgresql/VERSION/bin</c> (highest version first). <c>initdb</c> is taken from the same
/// directory as <c>postgres</c> so the two always match.
/// </summary>
internal sealed record PostgresInstallation(string Postgres, string Initdb)
{
    private const string Package = "postgresql";
    private const string DebianRoot = "/usr/lib/postgresql";
    private const string ServiceUser = "postgres";

    public static PostgresInstallation Find(IReadOnlyList<string>? searchPath)
    {
        IReadOnlyList<string> directories = searchPath ?? [.. ExecutableLocator.SystemPath, .. VersionedBinDirectories()];
        string postgres = ExecutableLocator.TryFind("postgres", directories)
            ?? throw new MissingPrerequisiteException("postgres", Package);
        postgres = File.ResolveLinkTarget(postgres, returnFinalTarget: true)?.FullName ?? postgres;
        string initdb = ExecutableLocator.TryFind("initdb", [Path.GetDirectoryName(postgres)!])
            ?? throw new MissingPrerequisiteException("initdb", Package);
        return new PostgresInstallation(postgres, initdb);
    }

    /// <summary>
    /// PostgreSQL refuses to run as root: then initdb and the server run as the <c>postgres</c> user the
    /// Debian package creates. Returns null when we are not root.
    /// </summary>
    public static string? ServiceUserWhenRoot()
    {
        if (!PosixInterop.IsRoot)
        {
            return null;
        }

        bool exists = File.ReadLines("/etc/passwd").Any(line => line.StartsWith(ServiceUser + ":", StringComparison.Ordinal));
        return exists
            ? ServiceUser
            : throw new InvalidOperationException(
                $"PostgreSQL cannot run as root and there is no '{ServiceUser}' user; install it with: sudo apt-get install {Package}");
    }

    private static IEnumerable<string> VersionedBinDirectories()
    {
        if (!Directory.Exists(DebianRoot))
        {
            return [];
        }

        return Directory.EnumerateDirectories(DebianRoot)
            .Select(directory => (Directory: directory, Version: VersionOf(Path.GetFileName(directory))))
            .Where(candidate => candidate.Version is not null)
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => Path.Combine(candidate.Directory, "bin"));
    }

    private static double? VersionOf(string name)
    {
        return double.TryParse(name, NumberStyles.Float, CultureInfo.InvariantCulture, out double version) ? version : null;
    }
}
