using System.Runtime.InteropServices;

namespace Notify.AppHost;

/// <summary>Ctrl-C (SIGINT), SIGTERM or SIGHUP, turned into a cancellation the AppHost stops its resources on.</summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _requested = new();
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignal()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal),
        ];
    }

    /// <summary>Cancelled when a shutdown signal arrived.</summary>
    public CancellationToken Token => _requested.Token;

    /// <summary>Completes when a shutdown signal arrived.</summary>
    public Task WaitAsync()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Token.Register(() => arrived.TrySetResult());
        return arrived.Task;
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }

        _requested.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        // Handled here: the AppHost stops its children in order instead of the runtime exiting at once.
        context.Cancel = true;
        _requested.Cancel();
    }
}
