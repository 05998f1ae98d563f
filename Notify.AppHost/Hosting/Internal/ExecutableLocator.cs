namespace Notify.AppHost.Hosting.Internal;

/// <summary>Finds programs on a search path and turns "not found" into a one-line install hint.</summary>
internal static class ExecutableLocator
{
    private const UnixFileMode AnyExecute =
        UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>The directories of <c>PATH</c>, in order.</summary>
    public static IReadOnlyList<string> SystemPath { get; } =
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Returns the full path of <paramref name="name"/> from <paramref name="searchPath"/> (or <c>PATH</c>),
    /// or, when <paramref name="name"/> is itself a path, that path.
    /// </summary>
    /// <exception cref="MissingPrerequisiteException">The program is not there.</exception>
    public static string Find(string name, string aptPackage, IReadOnlyList<string>? searchPath = null)
    {
        return TryFind(name, searchPath ?? SystemPath)
            ?? throw new MissingPrerequisiteException(Path.GetFileName(name), aptPackage);
    }

    public static string? TryFind(string name, IEnumerable<string> directories)
    {
        if (name.Contains('/'))
        {
            return IsExecutable(name) ? name : null;
        }

        return directories
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(IsExecutable);
    }

    private static bool IsExecutable(string path)
    {
        return OperatingSystem.IsLinux() && File.Exists(path) && (File.GetUnixFileMode(path) & AnyExecute) != 0;
    }
}
