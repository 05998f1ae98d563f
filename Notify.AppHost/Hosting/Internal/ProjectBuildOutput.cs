using System.Globalization;
using System.Reflection;
using System.Runtime.Versioning;

namespace Notify.AppHost.Hosting.Internal;

/// <summary>
/// Where <c>dotnet build</c> puts a project's assembly: <c>&lt;project dir&gt;/bin/&lt;configuration&gt;/&lt;tfm&gt;/&lt;project name&gt;.dll</c>,
/// with the configuration and target framework this launcher was itself built with, so a Release AppHost runs
/// Release services and a Debug test run runs Debug ones.
/// </summary>
internal static class ProjectBuildOutput
{
    private static readonly Assembly Launcher = typeof(ProjectBuildOutput).Assembly;

    /// <summary>The launcher's own build configuration (<c>Debug</c>, <c>Release</c>).</summary>
    public static string Configuration { get; } =
        Launcher.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } configuration
            ? configuration
            : "Release";

    /// <summary>The launcher's own target framework moniker, e.g. <c>net10.0</c>.</summary>
    public static string TargetFramework { get; } = Moniker(
        Launcher.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName
            ?? throw new InvalidOperationException($"{Launcher.GetName().Name} has no TargetFrameworkAttribute"));

    /// <summary><paramref name="projectPath"/> as a full path; a relative one is taken from the repository root.</summary>
    public static string ProjectFile(string projectPath)
    {
        return Path.IsPathRooted(projectPath) ? projectPath : Path.GetFullPath(Path.Combine(RepositoryRoot.OfThisBuild(), projectPath));
    }

    /// <summary>The assembly <c>dotnet build -c <paramref name="configuration"/></c> makes from <paramref name="projectFile"/>.</summary>
    public static string AssemblyPath(string projectFile, string configuration)
    {
        string directory = Path.GetDirectoryName(projectFile) ?? throw new ArgumentException($"'{projectFile}' has no directory", nameof(projectFile));
        return Path.Combine(directory, "bin", configuration, TargetFramework, Path.GetFileNameWithoutExtension(projectFile) + ".dll");
    }

    /// <summary><c>.NETCoreApp,Version=v10.0</c> → <c>net10.0</c>.</summary>
    private static string Moniker(string frameworkName)
    {
        Version version = new FrameworkName(frameworkName).Version;
        return string.Create(CultureInfo.InvariantCulture, $"net{version.Major}.{version.Minor}");
    }
}
