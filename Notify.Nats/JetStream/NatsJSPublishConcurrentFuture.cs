using Notify.Nats.Internal;

namespace Notify.Nats.JetStream;

/// <summary>The PubAck of a publish made with <see cref="NatsJSContext.PublishConcurrentAsync"/>.</summary>
public readonly struct NatsJSPublishConcurrentFuture
{
    private readonly NatsJSContext _context;
    private readonly PendingRequest _request;
    private readonly SemaphoreSlim _window;

    internal NatsJSPublishConcurrentFuture(NatsJSContext context, PendingRequest request, SemaphoreSlim window)
    {
        _context = context;
        _request = request;
        _window = window;
    }

    /// <summary>Waits for the PubAck; call exactly once, it frees the publish's slot in the window.</summary>
    public async ValueTask<Models.PubAckResponse> GetResponseAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var reply = await _context.Connection.WaitReplyAsync(_request, _context.Opts.RequestTimeout, cancellationToken).ConfigureAwait(false);
            return NatsJSContext.ParsePubAck(reply);
        }
        catch (NatsNoRespondersException ex)
        {
            throw new NatsJSException($"No stream answered the publish to '{_request.Subject}'.", ex);
        }
        finally
        {
            _window.Release();
        }
    }
}
