using System.Diagnostics;
using Notify.AppHost.Hosting.Internal;

namespace Notify.AppHost.Hosting;

/// <summary>Restart-on-crash: one loop per resource, waiting for crashes and restarting with a growing backoff.</summary>
public sealed partial class ProjectResource
{
    private readonly SemaphoreSlim _crashes = new(0);
    private readonly CancellationTokenSource _disposing = new();
    private readonly Task _restarts;
    private long _readyAt;

    private protected override Task OnReadyAsync(CancellationToken cancellationToken)
    {
        _readyAt = Stopwatch.GetTimestamp();
        return Task.CompletedTask;
    }

    private protected override void OnUnexpectedExit(int exitCode)
    {
        if (_options.RestartOnCrash)
        {
            _crashes.Release();
        }
    }

    private protected override async ValueTask OnDisposingAsync()
    {
        await _disposing.CancelAsync().ConfigureAwait(false);
        await _restarts.ConfigureAwait(false);
    }

    private async Task RestartAfterCrashesAsync(CancellationToken disposing)
    {
        var backoff = new RestartBackoff();
        try
        {
            while (true)
            {
                await _crashes.WaitAsync(disposing).ConfigureAwait(false);
                TimeSpan uptime = Stopwatch.GetElapsedTime(_readyAt);
                while (!await TryRestartAsync(backoff.Next(uptime), disposing).ConfigureAwait(false))
                {
                    uptime = TimeSpan.Zero;
                }
            }
        }
        catch (OperationCanceledException) when (disposing.IsCancellationRequested)
        {
            // Disposed: nothing left to restart.
        }
    }

    /// <summary>Waits <paramref name="delay"/> and restarts; false when the restart failed and should be tried again.</summary>
    private async Task<bool> TryRestartAsync(TimeSpan delay, CancellationToken disposing)
    {
        Log($"restarting in {delay.TotalSeconds:0.#} s");
        await Task.Delay(delay, disposing).ConfigureAwait(false);
        try
        {
            if (await RestartAfterCrashAsync(disposing).ConfigureAwait(false))
            {
                Log($"restarted as process {ProcessId}");
            }

            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Kept trying, as a supervisor does: a port still held, a rebuild under way, a dependency down.
            Log($"restart failed: {exception.Message.Split(Environment.NewLine)[0]}");
            return false;
        }
    }
}
