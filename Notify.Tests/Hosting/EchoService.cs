using System.Net.Http.Json;
using Notify.AppHost.Hosting;

namespace Notify.Tests.Hosting;

/// <summary>The test project <c>Notify.Tests.EchoService</c> run as a project resource: it shows the environment it got.</summary>
internal static class EchoService
{
    /// <summary>Its project file, relative to the repository root (built, in the tests' configuration, by Notify.Tests' reference).</summary>
    public const string ProjectPath = "Notify.Tests/EchoService/Notify.Tests.EchoService.csproj";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Options for an echo service named <paramref name="name"/> on a free port.</summary>
    public static ProjectResourceOptions Options(string name) => new() { Name = name, ProjectPath = ProjectPath };

    /// <summary>The environment variables the running service sees.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> EnvironmentOfAsync(ProjectResource resource)
    {
        Dictionary<string, string>? environment = await Http.GetFromJsonAsync<Dictionary<string, string>>(new Uri(resource.Url, "environment"));
        return environment ?? throw new InvalidOperationException($"{resource.Name} answered null");
    }
}
