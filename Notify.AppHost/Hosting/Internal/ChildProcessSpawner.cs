using System.Collections.Concurrent;
using System.Diagnostics;

namespace Notify.AppHost.Hosting.Internal;

/// <summary>
/// Starts every child process from one long-lived thread. Linux delivers the parent-death signal
/// (<c>setpriv --pdeathsig</c>) when the <em>thread</em> that forked the child exits, and thread-pool threads
/// exit when idle, so a child forked from the pool would be killed at a random moment.
/// </summary>
internal static class ChildProcessSpawner
{
    private static readonly BlockingCollection<SpawnRequest> Requests = [];
    private static readonly Lazy<Thread> SpawnerThread = new(StartThread);

    /// <summary>Starts <paramref name="info"/> on the spawner thread and returns the running process.</summary>
    public static Task<Process> StartAsync(ProcessStartInfo info)
    {
        _ = SpawnerThread.Value;
        var request = new SpawnRequest(info, new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously));
        Requests.Add(request);
        return request.Started.Task;
    }

    private static Thread StartThread()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "Notify child process spawner" };
        thread.Start();
        return thread;
    }

    private static void Run()
    {
        foreach (SpawnRequest request in Requests.GetConsumingEnumerable())
        {
            var process = new Process { StartInfo = request.Info, EnableRaisingEvents = true };
            try
            {
                process.Start();
                request.Started.SetResult(process);
            }
            catch (Exception exception)
            {
                process.Dispose();
                request.Started.SetException(exception);
            }
        }
    }

    private sealed record SpawnRequest(ProcessStartInfo Info, TaskCompletionSource<Process> Started);
}
