namespace Notify.AppHost.Hosting.Internal;

/// <summary>
/// Where resources keep their files. Temporary directories are named
/// <c>notify-&lt;resource&gt;-&lt;pid&gt;-&lt;random&gt;</c> so that the ones a crashed run left behind
/// (its pid no longer alive) can be recognised and removed by the next run.
/// </summary>
internal static class StateDirectories
{
    private const string Prefix = "notify-";

    private static readonly Lazy<int> StaleSweep = new(() => SweepStale(Path.GetTempPath()));

    public static string CreateTemporary(string resourceName)
    {
        _ = StaleSweep.Value;
        return Directory.CreateTempSubdirectory($"{Prefix}{resourceName}-{Environment.ProcessId}-").FullName;
    }

    /// <summary>Deletes the temporary directories under <paramref name="root"/> whose owning process is gone.</summary>
    /// <returns>How many were deleted.</returns>
    public static int SweepStale(string root)
    {
        int deleted = 0;
        foreach (string directory in Directory.EnumerateDirectories(root, Prefix + "*"))
        {
            if (OwnerPid(Path.GetFileName(directory)) is not { } pid || pid == Environment.ProcessId || PosixInterop.IsAlive(pid))
            {
                continue;
            }

            try
            {
                if (DeleteRacing(directory))
                    deleted++;
            }
            catch (UnauthorizedAccessException)
            {
                // Left by another user's run: not ours to remove, and it does not get in our way.
            }
        }

        return deleted;
    }

    /// <summary>
    /// Deletes a directory tree that another process may be deleting at the same moment: a part vanishing under us is
    /// not an error, and the delete is tried again while the directory is still there. True when this call removed it.
    /// </summary>
    private static bool DeleteRacing(string directory)
    {
        for (int attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
                return true;
            }
            catch (IOException) when (Directory.Exists(directory))
            {
                // another sweeper removed part of it, or is removing it: look again
            }
            catch (DirectoryNotFoundException)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Gives "others" traverse (not read) permission on every ancestor that lacks it.</summary>
    /// <remarks>
    /// Needed when PostgreSQL runs as the <c>postgres</c> user under a directory made by root, e.g. one from
    /// <see cref="Directory.CreateTempSubdirectory"/> (mode 0700) or a home directory.
    /// </remarks>
    public static void MakeAncestorsTraversable(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw PosixInterop.NotLinux();
        }

        for (DirectoryInfo? ancestor = new DirectoryInfo(directory).Parent; ancestor is not null; ancestor = ancestor.Parent)
        {
            UnixFileMode mode = ancestor.UnixFileMode;
            if ((mode & UnixFileMode.OtherExecute) == 0)
            {
                ancestor.UnixFileMode = mode | UnixFileMode.OtherExecute;
            }
        }
    }

    public static void DeleteIfExists(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The pid in <c>notify-name-PID-random</c>; null for names not made by <see cref="CreateTemporary"/>.</summary>
    internal static int? OwnerPid(string directoryName)
    {
        string[] parts = directoryName.Split('-');
        return parts.Length >= 4 && int.TryParse(parts[^2], out int pid) && pid > 0 ? pid : null;
    }
}
