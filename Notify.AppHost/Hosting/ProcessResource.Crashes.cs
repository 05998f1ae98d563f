namespace Notify.AppHost.Hosting;

/// <summary>
/// What happens when the process exits without being asked to: the hook a resource restarts it from, and the
/// restart itself, which gives way to anything done to the resource since the crash.
/// </summary>
public abstract partial class ProcessResource
{
    /// <summary>
    /// Called once the process exited on its own (not by <see cref="StopAsync"/>, <see cref="KillAsync"/> or
    /// <see cref="DisposeAsync"/>). Runs on the task that watches the exit: it must return at once, and it must not
    /// wait for the resource's lifecycle (a stop waits for that task).
    /// </summary>
    private protected virtual void OnUnexpectedExit(int exitCode)
    {
    }

    /// <summary>Called first by <see cref="DisposeAsync"/>, before the process is stopped: ends the resource's own background work.</summary>
    private protected virtual ValueTask OnDisposingAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// Starts the process again after it crashed, unless it was stopped, killed, started or disposed since: a
    /// deliberate action wins over a restart that was waiting for its turn.
    /// </summary>
    /// <returns>Whether a process was started.</returns>
    /// <exception cref="ResourceStartException">It did not come back; the crash stays pending, so a later call tries again.</exception>
    private protected async Task<bool> RestartAfterCrashAsync(CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_disposed || !_crashed)
            {
                return false;
            }

            try
            {
                await StartLockedAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch
            {
                _crashed = true;
                throw;
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }
}
