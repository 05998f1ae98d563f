using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Notify.Tests.Infrastructure;

/// <summary>
/// One running instance of a resource of the AppHost (a replica of <c>dispatcher</c> is one each), as its snapshot in
/// <see cref="ResourceNotificationService"/> describes it.
/// </summary>
/// <param name="Snapshots">The AppHost's snapshots.</param>
/// <param name="Id">The instance's resource id (the resource's name with a suffix; what commands and waits take).</param>
public sealed record ServiceInstance(ResourceSnapshots Snapshots, string Id)
{
    /// <summary>The property of an executable's or project's snapshot that holds the process id DCP started.</summary>
    private const string ProcessIdProperty = "executable.pid";

    /// <summary>The instance's current snapshot.</summary>
    public CustomResourceSnapshot Snapshot => Snapshots.Latest(Id);

    /// <summary>
    /// The service's own process. DCP runs a project as <c>dotnet run --no-build …</c>, and the snapshot names that
    /// process; the service is its only child.
    /// </summary>
    /// <exception cref="InvalidOperationException">The instance has no service process (stopped, or still starting).</exception>
    public int ServiceProcessId()
    {
        int launcher = ProcessId();
        int[] children = [.. Directory.EnumerateDirectories($"/proc/{launcher}/task")
            .SelectMany(thread => File.ReadAllText(Path.Combine(thread, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(child => int.Parse(child, CultureInfo.InvariantCulture))];
        return children is [int service]
            ? service
            : throw new InvalidOperationException($"{Id}: expected one child of dotnet run (pid {launcher}), found {children.Length}");
    }

    /// <summary>
    /// The process DCP started: for an executable resource (a server such as nats-server) the program itself, for a
    /// project <c>dotnet run</c> (see <see cref="ServiceProcessId"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The instance has no process (stopped, or still starting).</exception>
    public int ProcessId() => Snapshot.Properties.SingleOrDefault(p => p.Name == ProcessIdProperty)?.Value switch
    {
        int pid => pid,
        null => throw new InvalidOperationException($"{Id} has no process"),
        var value => int.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture),
    };

    /// <summary>Kills an executable resource's program at once (SIGKILL), as a crash would; DCP then records it as exited.</summary>
    public void KillExecutable()
    {
        using var process = System.Diagnostics.Process.GetProcessById(ProcessId());
        process.Kill();
    }

    /// <summary>Kills the service at once (SIGKILL), as a crash would; DCP then records the instance as exited.</summary>
    public void Kill()
    {
        using var process = System.Diagnostics.Process.GetProcessById(ServiceProcessId());
        process.Kill();
    }

    /// <summary>Runs one of the instance's commands (<see cref="KnownResourceCommands"/>) and fails unless it succeeded.</summary>
    public async Task RunCommandAsync(string command, CancellationToken cancellationToken = default)
    {
        ExecuteCommandResult result = await Snapshots.App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(Id, command, cancellationToken);
        if (!result.Success)
        {
            throw new InvalidOperationException($"{command} on {Id}: {result.Message}");
        }
    }
}
