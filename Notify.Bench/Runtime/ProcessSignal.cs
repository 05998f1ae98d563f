using System.Runtime.InteropServices;

namespace Notify.Bench.Runtime;

/// <summary>Sends a POSIX signal to a process (.NET can only SIGKILL one, and a clean stop needs SIGTERM).</summary>
internal static partial class ProcessSignal
{
    /// <summary>A crash: the process gets no chance to finish anything.</summary>
    public const int Kill = 9;

    /// <summary>What Kubernetes sends before it stops a pod (a rolling update, a scale-in): the host shuts down cleanly.</summary>
    public const int Terminate = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="processId"/>; false when the process is gone.</summary>
    public static bool Send(int processId, int signal) => kill(processId, signal) == 0;

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int kill(int pid, int sig);
}
