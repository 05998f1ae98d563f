namespace Notify.Tests.Deployment;

/// <summary>Files of the checkout the tests were built from (the deployment manifests, the schema).</summary>
internal static class RepositoryFiles
{
    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The nearest directory above the test assembly that holds <c>Notify.sln</c>.</summary>
    public static string Root { get; } =
        Ancestors(AppContext.BaseDirectory).FirstOrDefault(directory => File.Exists(Path.Combine(directory, "Notify.sln")))
        ?? throw new InvalidOperationException($"no Notify.sln above {AppContext.BaseDirectory}");

    private static IEnumerable<string> Ancestors(string start)
    {
        for (DirectoryInfo? directory = new(start); directory is not null; directory = directory.Parent)
            yield return directory.FullName;
    }
}
