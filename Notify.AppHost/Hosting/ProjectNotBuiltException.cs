namespace Notify.AppHost.Hosting;

/// <summary>
/// A service's assembly is not where <c>dotnet build</c> puts it. The message is one line that ends with the
/// command that builds it.
/// </summary>
public sealed class ProjectNotBuiltException : Exception
{
    /// <summary>Creates the exception for <paramref name="resourceName"/>, whose <paramref name="assemblyPath"/> is missing.</summary>
    public ProjectNotBuiltException(string resourceName, string assemblyPath, string projectFile, string configuration)
        : this(resourceName, assemblyPath, $"dotnet build {Quote(projectFile)} -c {configuration}")
    {
    }

    private ProjectNotBuiltException(string resourceName, string assemblyPath, string buildCommand)
        : base($"{resourceName} is not built: {assemblyPath} does not exist; build it with: {buildCommand}")
    {
        ResourceName = resourceName;
        AssemblyPath = assemblyPath;
        BuildCommand = buildCommand;
    }

    /// <summary>The resource that could not start.</summary>
    public string ResourceName { get; }

    /// <summary>The assembly that was looked for.</summary>
    public string AssemblyPath { get; }

    /// <summary>The command that builds it, e.g. <c>dotnet build /src/notify/Notify.Ingest/Notify.Ingest.csproj -c Release</c>.</summary>
    public string BuildCommand { get; }

    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"\"{path}\"" : path;
}
