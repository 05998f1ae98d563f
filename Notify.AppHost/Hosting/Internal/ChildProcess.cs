using System.Diagnostics;

namespace Notify.AppHost.Hosting.Internal;

/// <summary>A running supervised child: its pid, its exit, its output line by line, and signals to it.</summary>
internal sealed class ChildProcess : IDisposable
{
    private static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(2);

    private readonly Process _process;
    private readonly OutputRing _output;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process, OutputRing output)
    {
        _process = process;
        _output = output;
        Id = process.Id;
        process.OutputDataReceived += (_, e) => OnLine(e.Data, _stdoutClosed);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, _stderrClosed);
        process.Exited += (_, _) => OnExited(process.ExitCode);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();

        // The child may have exited before the Exited handler was attached.
        if (process.HasExited)
        {
            OnExited(process.ExitCode);
        }
    }

    public int Id { get; }

    /// <summary>Completes with the exit code when the process has exited.</summary>
    public Task<int> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>The exit code once the process has exited, else null.</summary>
    public int? ExitCode { get; private set; }

    public static async Task<ChildProcess> StartAsync(LaunchCommand command, OutputRing output)
    {
        Process process = await ChildProcessSpawner.StartAsync(command.ToStartInfo()).ConfigureAwait(false);
        return new ChildProcess(process, output);
    }

    /// <summary>Sends a signal unless the process has already exited; returns whether it was sent.</summary>
    public bool Signal(int signal) => !HasExited && PosixInterop.TrySignal(Id, signal);

    /// <summary>Waits for the exit up to <paramref name="timeout"/>; returns false when it is still running.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task finished = await Task.WhenAny(_exited.Task, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return finished == _exited.Task;
    }

    /// <summary>
    /// Waits until the process closed stdout and stderr, so its last lines are in the ring; bounded, because a
    /// grandchild (a PostgreSQL backend) can hold the pipe open for a moment after the parent died.
    /// </summary>
    public Task WaitForOutputAsync()
    {
        Task closed = Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task);
        return Task.WhenAny(closed, Task.Delay(OutputDrainTimeout));
    }

    public void Dispose() => _process.Dispose();

    private void OnExited(int exitCode)
    {
        ExitCode ??= exitCode;
        _exited.TrySetResult(exitCode);
    }

    private void OnLine(string? line, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        _output.Add(line);
    }
}
