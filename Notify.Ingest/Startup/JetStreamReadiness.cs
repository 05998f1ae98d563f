namespace Notify.Ingest.Startup;

/// <summary>Whether the streams and the API key bucket exist, so Ingest can take work.</summary>
public sealed class JetStreamReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True once <see cref="JetStreamSetup"/> has succeeded.</summary>
    public bool IsReady => _ready.Task.IsCompleted;

    /// <summary>Completes when ready.</summary>
    public Task WhenReadyAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    internal void MarkReady() => _ready.TrySetResult();
}
