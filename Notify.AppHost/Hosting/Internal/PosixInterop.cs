using System.Runtime.InteropServices;

namespace Notify.AppHost.Hosting.Internal;

/// <summary>The two libc calls .NET has no API for: sending an arbitrary signal and reading the effective uid.</summary>
internal static class PosixInterop
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    private const int NoSuchProcess = 3; // ESRCH

    public static bool IsRoot => geteuid() == 0;

    /// <summary>Sends <paramref name="signal"/>; returns false when the process is already gone.</summary>
    public static bool TrySignal(int pid, int signal)
    {
        if (kill(pid, signal) == 0)
        {
            return true;
        }

        int error = Marshal.GetLastPInvokeError();
        return error == NoSuchProcess
            ? false
            : throw new InvalidOperationException($"kill({pid}, {signal}) failed with errno {error}");
    }

    /// <summary>The launcher drives Linux programs (util-linux, /proc); other systems are not supported.</summary>
    public static PlatformNotSupportedException NotLinux() => new("the Notify launcher runs on Linux only");

    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}");

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int kill(int pid, int sig);

    [DllImport("libc")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint geteuid();
}
