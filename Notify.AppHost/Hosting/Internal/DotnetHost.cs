namespace Notify.AppHost.Hosting.Internal;

/// <summary>The <c>dotnet</c> program that runs a service's assembly: preferably the one running us.</summary>
internal static class DotnetHost
{
    private static readonly Lazy<string> Located = new(Find);

    /// <exception cref="MissingPrerequisiteException">No <c>dotnet</c> is installed.</exception>
    public static string Executable => Located.Value;

    private static string Find()
    {
        // Set by the SDK for the programs it starts (dotnet run, dotnet test).
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        if (Environment.ProcessPath is { } self && Path.GetFileName(self) == "dotnet")
        {
            return self;
        }

        IEnumerable<string> directories = ExecutableLocator.SystemPath;
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root)
        {
            directories = directories.Prepend(root);
        }

        return ExecutableLocator.TryFind("dotnet", directories.Concat(["/usr/share/dotnet", "/usr/lib/dotnet"]))
            ?? throw new MissingPrerequisiteException("dotnet", "dotnet-sdk-10.0");
    }
}
