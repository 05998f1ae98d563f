namespace Notify.AppHost;

/// <summary>Where the repository is, found from the working directory or the AppHost's own location.</summary>
internal static class RepositoryLayout
{
    private const string Marker = "Notify.sln";

    /// <summary><c>.state/</c> under the repository root (git-ignored), or under the working directory outside a checkout.</summary>
    public static string DefaultStateDirectory()
    {
        string root = FindRoot(Environment.CurrentDirectory)
            ?? FindRoot(AppContext.BaseDirectory)
            ?? Environment.CurrentDirectory;
        return Path.Combine(root, ".state");
    }

    private static string? FindRoot(string start)
    {
        for (DirectoryInfo? directory = new(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, Marker)))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
