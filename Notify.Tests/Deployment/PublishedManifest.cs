using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Notify.Tests.Deployment;

/// <summary>
/// The manifest the built AppHost publishes now (<c>Notify.AppHost.dll --publisher manifest</c>, what
/// <c>./dev.sh manifest</c> runs), with its project paths made relative to <c>deploy/</c> as in the committed file.
/// </summary>
internal static class PublishedManifest
{
    private static readonly Lazy<Task<JsonObject>> Published = new(PublishAsync);

    public static Task<JsonObject> GetAsync() => Published.Value;

    private static async Task<JsonObject> PublishAsync()
    {
        string scratch = Directory.CreateTempSubdirectory("notify-manifest-").FullName;
        try
        {
            string output = Path.Combine(scratch, "aspire-manifest.json");
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Notify.AppHost.dll"), "--publisher", "manifest", "--output-path", output },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = scratch,
            };
            using var process = Process.Start(start)!;
            Task<string> log = process.StandardOutput.ReadToEndAsync();
            Task<string> errors = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(deadline.Token);
            Assert.True(process.ExitCode == 0, $"the AppHost exited with {process.ExitCode}:{Environment.NewLine}{await log}{await errors}");

            JsonObject manifest = JsonNode.Parse(await File.ReadAllTextAsync(output))!.AsObject();
            string deploy = RepositoryFiles.PathOf("deploy");
            foreach ((_, JsonNode? resource) in manifest["resources"]!.AsObject())
            {
                if (resource?["path"]?.GetValue<string>() is string path)
                    resource["path"] = Path.GetRelativePath(deploy, Path.GetFullPath(path, scratch));
            }

            return manifest;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
