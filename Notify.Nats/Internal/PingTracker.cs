namespace Notify.Nats.Internal;

/// <summary>
/// Matches PONGs to PINGs in order. Keepalive pings have no waiter; <see cref="NatsConnection.PingAsync"/> pings do.
/// </summary>
internal sealed class PingTracker
{
    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource<bool>?> _waiters = new();
    private int _outstanding;

    /// <summary>Pings sent on this link and not answered yet.</summary>
    public int Outstanding
    {
        get { lock (_gate) return _outstanding; }
    }

    /// <summary>Records a PING; call under the writer's lock so the order matches the wire.</summary>
    public void Sent(TaskCompletionSource<bool>? waiter)
    {
        lock (_gate)
        {
            _waiters.Enqueue(waiter);
            _outstanding++;
        }
    }

    public void PongReceived()
    {
        TaskCompletionSource<bool>? waiter = null;
        lock (_gate)
        {
            if (_waiters.Count > 0)
                waiter = _waiters.Dequeue();
            _outstanding = Math.Max(0, _outstanding - 1);
        }
        waiter?.TrySetResult(true);
    }

    /// <summary>
    /// A new link starts with nothing outstanding. Waiters of pings lost with the old link fail; pings still
    /// buffered are resent and may answer a newer waiter early, which only makes a flush return sooner.
    /// </summary>
    public void Reset(Exception error)
    {
        List<TaskCompletionSource<bool>?> failed;
        lock (_gate)
        {
            failed = [.. _waiters];
            _waiters.Clear();
            _outstanding = 0;
        }
        foreach (var waiter in failed)
            waiter?.TrySetException(error);
    }
}
