using Notify.AppHost.Hosting.Internal;

namespace Notify.AppHost;

/// <summary>Where the repository is, found from the working directory or the AppHost's own location.</summary>
internal static class RepositoryLayout
{
    /// <summary><c>.state/</c> under the repository root (git-ignored), or under the working directory outside a checkout.</summary>
    public static string DefaultStateDirectory()
    {
        string root = RepositoryRoot.FindAbove(Environment.CurrentDirectory)
            ?? RepositoryRoot.FindAbove(AppContext.BaseDirectory)
            ?? Environment.CurrentDirectory;
        return Path.Combine(root, ".state");
    }
}
