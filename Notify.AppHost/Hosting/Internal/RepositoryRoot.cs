namespace Notify.AppHost.Hosting.Internal;

/// <summary>The checkout's root directory: the nearest ancestor holding <c>Notify.sln</c>.</summary>
internal static class RepositoryRoot
{
    private const string Marker = "Notify.sln";

    /// <summary>The root above <paramref name="start"/> (or <paramref name="start"/> itself), or null outside a checkout.</summary>
    public static string? FindAbove(string start)
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

    /// <summary>
    /// The checkout this launcher was built in (found from its own location, then from the working directory):
    /// where the services' build output is.
    /// </summary>
    /// <exception cref="InvalidOperationException">Neither is inside a checkout.</exception>
    public static string OfThisBuild()
    {
        return FindAbove(AppContext.BaseDirectory)
            ?? FindAbove(Environment.CurrentDirectory)
            ?? throw new InvalidOperationException(
                $"no {Marker} above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}; give the project's full path instead");
    }
}
