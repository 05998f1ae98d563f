using NATS.Client.Core;

namespace Notify.Core.Messaging;

/// <summary>
/// A cache's subscription to the invalidations every replica announces when it saves a change. Each announcement names
/// the tenant in its subject's last token and the changed item in its payload. After a reconnect the cache is told to
/// expire everything, since announcements sent while the link was down are lost.
/// </summary>
/// <param name="nats">The connection to subscribe on.</param>
/// <param name="subjectFilter">The subjects of the cache's announcements, every tenant's.</param>
/// <param name="onInvalidated">Called with the tenant token and the item of each announcement.</param>
/// <param name="onReconnected">Called with the server after a reconnect.</param>
/// <param name="onStopped">Called, with the failure if there was one, when announcements stop arriving before disposal.</param>
internal sealed class CacheInvalidationListener(
    INatsConnection nats,
    string subjectFilter,
    Action<string, string> onInvalidated,
    Action<string> onReconnected,
    Action<Exception?> onStopped) : IAsyncDisposable
{
    private readonly CancellationTokenSource _lifetime = new();
    private readonly SemaphoreSlim _startGate = new(1, 1);
    private INatsSub<string>? _subscription;
    private Task? _listening;

    /// <summary>Whether <see cref="StartAsync"/> has completed; it stays so after disposal.</summary>
    public bool IsStarted => Volatile.Read(ref _subscription) is not null;

    /// <summary>Subscribes and starts listening; returns once the server has the subscription. Idempotent.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (IsStarted)
            return;
        await _startGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_subscription is not null)
                return;
            ObjectDisposedException.ThrowIf(_lifetime.IsCancellationRequested, this);
            INatsSub<string> subscription = await nats.SubscribeCoreAsync<string>(subjectFilter, cancellationToken: cancellationToken).ConfigureAwait(false);
            await nats.PingAsync(cancellationToken).ConfigureAwait(false);
            nats.ConnectionOpened += OnConnectionOpened;
            _listening = ListenAsync(subscription, _lifetime.Token);
            Volatile.Write(ref _subscription, subscription);
        }
        finally
        {
            _startGate.Release();
        }
    }

    /// <summary>Unsubscribes and stops listening.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_lifetime.IsCancellationRequested)
            return;
        await _lifetime.CancelAsync().ConfigureAwait(false);
        nats.ConnectionOpened -= OnConnectionOpened;
        if (_subscription is { } subscription)
            await subscription.DisposeAsync().ConfigureAwait(false);
        if (_listening is { } listening)
            await listening.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _lifetime.Dispose();
        _startGate.Dispose();
    }

    private async Task ListenAsync(INatsSub<string> subscription, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (NatsMsg<string> msg in subscription.Msgs.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                string tenantToken = msg.Subject[(msg.Subject.LastIndexOf('.') + 1)..];
                onInvalidated(tenantToken, msg.Data ?? "");
            }

            // The subscription ended without our asking: the connection closed for good.
            if (!cancellationToken.IsCancellationRequested)
                onStopped(null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed.
        }
        catch (Exception e)
        {
            onStopped(e);
        }
    }

    private ValueTask OnConnectionOpened(object? sender, NatsEventArgs e)
    {
        onReconnected(e.Message);
        return ValueTask.CompletedTask;
    }
}
