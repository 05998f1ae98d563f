using System.Globalization;
using Notify.AppHost.Hosting.Internal;

namespace Notify.AppHost.Hosting;

/// <summary>Launch, readiness and stop of the child process, and the hooks each resource fills in.</summary>
public abstract partial class ProcessResource
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ProbeAttemptTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Finds the programs the resource runs (before anything is created on disk).</summary>
    /// <exception cref="MissingPrerequisiteException">One is not installed.</exception>
    private protected abstract void LocateExecutables();

    /// <summary>Gets the state directory ready before each launch (e.g. initdb on the first one).</summary>
    private protected virtual Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The server's command line, once ports and state directory are known.</summary>
    private protected abstract LaunchCommand BuildCommand();

    /// <summary>One readiness check: true or an exception while not ready yet.</summary>
    private protected abstract Task<bool> ProbeAsync(CancellationToken cancellationToken);

    /// <summary>Runs once the probe passed, e.g. to create the application database.</summary>
    private protected virtual Task OnReadyAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Finds a program in <see cref="ProcessResourceOptions.ExecutableSearchPath"/> or on <c>PATH</c>.</summary>
    private protected string FindExecutable(string name, string aptPackage)
    {
        return ExecutableLocator.Find(name, aptPackage, _options.ExecutableSearchPath);
    }

    /// <summary>The directories to search for programs when no search path was given.</summary>
    private protected IReadOnlyList<string>? ExecutableSearchPath => _options.ExecutableSearchPath;

    /// <summary>Runs a one-shot program, its output going to this resource's log.</summary>
    private protected Task RunCommandAsync(LaunchCommand command, CancellationToken cancellationToken)
    {
        return CommandRunner.RunAsync(command, _output, cancellationToken);
    }

    /// <summary>Adds a line of our own to the resource's log.</summary>
    private protected void Log(string line) => _output.Add(line);

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.StartupTimeout);
        ChildProcess? child = null;
        try
        {
            await PrepareAsync(deadline.Token).ConfigureAwait(false);
            _exitRequested = false;
            child = await ChildProcess.StartAsync(BuildCommand(), _output).ConfigureAwait(false);
            await WaitUntilReadyAsync(child, deadline.Token).ConfigureAwait(false);
            await OnReadyAsync(deadline.Token).ConfigureAwait(false);
            _process = child;
            _exitWatch = ReportUnexpectedExitAsync(child);
        }
        catch (Exception exception) when (exception is not (MissingPrerequisiteException or PortInUseException))
        {
            if (child is not null)
            {
                child.Signal(PosixInterop.SigKill);
                await child.WaitForExitAsync(KillTimeout, CancellationToken.None).ConfigureAwait(false);
                await child.WaitForOutputAsync().ConfigureAwait(false);
                child.Dispose();
            }

            cancellationToken.ThrowIfCancellationRequested();
            string reason = Describe(exception, child, deadline.IsCancellationRequested);
            throw new ResourceStartException(Name, reason, _output.Tail(TailLines), exception);
        }
    }

    /// <summary>Probes until ready; throws when the process exits, or a <see cref="TimeoutException"/> at the deadline.</summary>
    private async Task WaitUntilReadyAsync(ChildProcess child, CancellationToken deadline)
    {
        Exception? lastFailure = null;
        while (true)
        {
            if (child.HasExited)
            {
                throw new InvalidOperationException("the process exited");
            }

            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(deadline);
            attempt.CancelAfter(ProbeAttemptTimeout);
            try
            {
                if (await ProbeAsync(attempt.Token).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (Exception exception)
            {
                // Not ready yet (connection refused, still starting up): kept for the error message.
                lastFailure = exception;
            }

            if (!deadline.IsCancellationRequested)
            {
                await Task.WhenAny(child.Exited, Task.Delay(ProbeInterval, deadline)).ConfigureAwait(false);
            }

            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException("not ready in time", lastFailure);
            }
        }
    }

    private string Describe(Exception exception, ChildProcess? child, bool deadlinePassed)
    {
        if (child is { HasExited: true } && !deadlinePassed)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the process exited with code {child.ExitCode} before it was ready");
        }

        if (deadlinePassed)
        {
            string probe = exception is TimeoutException { InnerException: { } lastFailure } ? $" (last probe: {lastFailure.Message})" : "";
            return string.Create(CultureInfo.InvariantCulture, $"not ready within {_options.StartupTimeout.TotalSeconds:0.###} s{probe}");
        }

        return exception.Message;
    }

    private async Task StopProcessAsync(int signal, CancellationToken cancellationToken)
    {
        if (_process is not { } child)
        {
            return;
        }

        _exitRequested = true;
        child.Signal(signal);
        TimeSpan timeout = signal == PosixInterop.SigKill ? KillTimeout : _options.StopTimeout;
        if (!await child.WaitForExitAsync(timeout, cancellationToken).ConfigureAwait(false))
        {
            _output.Add($"still running {timeout.TotalSeconds:0.#} s after signal {signal}; killing it");
            child.Signal(PosixInterop.SigKill);
            if (!await child.WaitForExitAsync(KillTimeout, cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException($"{Name} (pid {child.Id}) is still running after SIGKILL");
            }
        }

        await child.WaitForOutputAsync().ConfigureAwait(false);
        if (_exitWatch is not null)
        {
            await _exitWatch.ConfigureAwait(false);
        }

        child.Dispose();
        _process = null;
        _exitWatch = null;
    }

    private async Task ReportUnexpectedExitAsync(ChildProcess child)
    {
        int exitCode = await child.Exited.ConfigureAwait(false);
        if (!_exitRequested)
        {
            _crashed = true;
            _output.Add($"process {child.Id} exited unexpectedly with code {exitCode}");
            OnUnexpectedExit(exitCode);
        }
    }
}
