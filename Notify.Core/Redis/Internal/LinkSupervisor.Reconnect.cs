namespace Notify.Core.Redis.Internal;

internal sealed partial class LinkSupervisor
{
    /// <summary>Runs links one after another: when one dies, reconnects with backoff until disposed.</summary>
    private async Task SuperviseAsync()
    {
        var token = _disposed.Token;
        var failures = 0;
        while (!token.IsCancellationRequested)
        {
            RedisLink link;
            try
            {
                link = await ConnectOnceAsync(token).ConfigureAwait(false);
            }
            catch (Exception) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (RedisException ex)
            {
                _lastError = ex;
                _firstAttempt.TrySetResult();
                Raise(_failed, ex, Describe());
                try
                {
                    await Task.Delay(Backoff(++failures), token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                continue;
            }

            failures = 0;
            using (token.Register(static state => ((RedisLink)state!).Abort(), link))
            {
                Publish(link);
                var reason = await link.Completion.ConfigureAwait(false);
                if (token.IsCancellationRequested)
                    return;
                _lastError = reason;
                RedisLog.ConnectionLost(_logger, link.Name, _kind, reason.Message);
                Raise(_failed, reason, link.Name);
            }
        }
    }

    private void Publish(RedisLink link)
    {
        lock (_sync)
        {
            if (!link.IsOpen)
                return; // died during the handshake's last moments: the supervisor sees its completion next
            _current = link;
            _lastError = null;
            _next.TrySetResult(link);
        }
        _firstAttempt.TrySetResult();
        RedisLog.Connected(_logger, link.Name, _kind);
        Raise(_connected, null, link.Name);
    }

    /// <summary>Runs first thing when a link dies, so no command is handed a dead link after that.</summary>
    private void OnClosing(RedisLink link)
    {
        lock (_sync)
        {
            if (_current != link)
                return;
            _current = null;
            if (!_disposed.IsCancellationRequested)
                _next = NewWaiter();
        }
    }

    /// <summary>Tries each endpoint in order; the first that completes the handshake wins.</summary>
    private async Task<RedisLink> ConnectOnceAsync(CancellationToken token)
    {
        RedisException? last = null;
        foreach (var endPoint in _options.EndPoints)
        {
            var name = ConnectionStringParser.Describe(endPoint);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(_options.ConnectTimeout);
            RedisLink? link = null;
            try
            {
                link = await RedisLink.OpenAsync(endPoint, _push, timeout.Token).ConfigureAwait(false);
                link.Start(OnClosing);
                await Handshake.RunAsync(link, _options, timeout.Token).ConfigureAwait(false);
                if (_opened is not null)
                    await _opened(link, timeout.Token).ConfigureAwait(false);
                return link;
            }
            catch (Exception ex) when (!token.IsCancellationRequested)
            {
                last = ex switch
                {
                    OperationCanceledException => new RedisConnectionException($"Connecting to Redis at {name} took longer than {_options.ConnectTimeout.TotalMilliseconds:0} ms."),
                    RedisConnectionException connection => connection,
                    _ => new RedisConnectionException($"Could not connect to Redis at {name}: {ex.Message}", ex),
                };
                if (last is RedisAuthenticationException)
                    RedisLog.AuthenticationFailed(_logger, name, last.Message);
                else
                    RedisLog.ConnectFailed(_logger, name, _kind, last.Message);
                if (link is not null)
                {
                    link.Abort();
                    await link.Completion.ConfigureAwait(false);
                }
            }
        }
        throw last ?? new RedisConnectionException("No Redis endpoint is configured.");
    }

    private TimeSpan Backoff(int failures)
    {
        var backoff = _options.ReconnectWaitMin.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 20));
        var capped = Math.Min(backoff, _options.ReconnectWaitMax.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + 0.4 * Random.Shared.NextDouble()));
    }

    private void Raise(Action<RedisConnectionEventArgs> handler, Exception? error, string endPoint)
    {
        try
        {
            handler(new RedisConnectionEventArgs(endPoint, _kind, error));
        }
        catch (Exception ex)
        {
            RedisLog.EventHandlerFailed(_logger, ex);
        }
    }
}
