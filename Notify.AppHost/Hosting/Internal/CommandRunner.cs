namespace Notify.AppHost.Hosting.Internal;

/// <summary>Runs a one-shot program (initdb, chown) as a supervised child, its output going to the resource's log.</summary>
internal static class CommandRunner
{
    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(5);

    /// <exception cref="InvalidOperationException">The program exited with a non-zero code.</exception>
    public static async Task RunAsync(LaunchCommand command, OutputRing output, CancellationToken cancellationToken)
    {
        using ChildProcess child = await ChildProcess.StartAsync(command, output).ConfigureAwait(false);
        int exitCode;
        try
        {
            exitCode = await child.Exited.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            child.Signal(PosixInterop.SigKill);
            await child.Exited.WaitAsync(KillTimeout, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await child.WaitForOutputAsync().ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(command.Executable)} exited with code {exitCode}");
        }
    }
}
