using Notify.Core.Notifications;
using Notify.Core.Status;
using Notify.Dispatcher.Channels;
using Notify.Dispatcher.Channels.Push;
using Notify.Dispatcher.Content;
using Notify.Dispatcher.Idempotency;
using Notify.Dispatcher.RateLimiting;
using Notify.Dispatcher.Resilience;
using Notify.Dispatcher.Retry;
using Notify.Dispatcher.Telemetry;
using Notify.Core.Users;

namespace Notify.Dispatcher.Delivery;

/// <summary>What became of one channel's attempt.</summary>
public enum AttemptResult
{
    /// <summary>Sent.</summary>
    Sent,
    /// <summary>Try this channel again later (after <see cref="ChannelAttemptOutcome.RetryAfter"/>).</summary>
    Wait,
    /// <summary>This channel is out for this notification; the next may take over.</summary>
    Failed,
}

/// <summary>The outcome of <see cref="ChannelAttempt.RunAsync"/>.</summary>
/// <param name="Result">What became of it.</param>
/// <param name="RetryAfter">For <see cref="AttemptResult.Wait"/>: how long.</param>
/// <param name="Error">Why it did not send.</param>
public readonly record struct ChannelAttemptOutcome(AttemptResult Result, TimeSpan RetryAfter = default, string? Error = null);

/// <summary>
/// One channel, one attempt: provider rate limit, circuit breaker, the started marker, the send, the sent marker (or
/// the started marker cleared: the outcome is known), the status and the metrics. A critical delivery whose provider
/// circuit is open fails over at once; others wait for the circuit.
/// </summary>
public sealed class ChannelAttempt(
    IEnumerable<IChannelSender> senders,
    ProviderRateLimits limits,
    ProviderCircuitBreakers breakers,
    SentMarkers sent,
    RetryPolicy retry,
    DispatcherTelemetry telemetry,
    UnregisteredTokens unregistered,
    TimeProvider time)
{
    private readonly Dictionary<Channel, IChannelSender> _senders = senders.ToDictionary(s => s.Channel);

    /// <summary>Attempts <paramref name="channel"/>; appends what happened to <paramref name="events"/>.</summary>
    public async ValueTask<ChannelAttemptOutcome> RunAsync(NotificationEnvelope n, UserContacts contacts, DeliveryContent content, Channel channel,
        int attempt, List<StatusEvent> events, CancellationToken cancellationToken)
    {
        if (!_senders.TryGetValue(channel, out var sender))
            return Failed(n, channel, attempt, null, $"no sender configured for {channel.ToWire()}", events);

        if (await limits.AcquireAsync(sender.Provider, n.Priority, cancellationToken) is { } wait)
            return Wait(n, channel, attempt, sender.Provider, wait, $"{sender.Provider} rate limit", events);

        var request = new DeliveryRequest(n, contacts, content, channel);
        Task? started = null;
        var outcome = await breakers.ExecuteAsync(sender.Provider, ct =>
        {
            // Only a send that goes out leaves a started marker: an open circuit sends nothing.
            if (!sender.AbsorbsRepeats)
                started = sent.MarkStarted(n.Id, channel);
            return sender.SendAsync(request, ct);
        }, cancellationToken);
        if (started is not null)
            await sent.ObserveStartedAsync(started);
        if (outcome is null)
        {
            var reason = $"{sender.Provider} circuit open";
            telemetry.Failed(channel, n.Priority, sender.Provider, transient: true);
            return n.Priority == Priority.Critical
                ? Failed(n, channel, attempt, sender.Provider, reason, events)
                : Wait(n, channel, attempt, sender.Provider, breakers.BreakDuration, reason, events);
        }

        // The provider's answer is known: mark it first, so that a crash after it cannot leave the channel in doubt
        // (or, sent, send it again) for anything done below.
        if (outcome.Result == SendResult.Sent)
            await sent.MarkSentAsync(n.Id, channel, outcome.ProviderMessageId, cancellationToken);
        else if (started is not null)
            await sent.ClearStartedAsync(n.Id, channel, cancellationToken);
        if (outcome.UnregisteredTokens is { Count: > 0 } dead)
            await unregistered.RemoveAsync(n.Tenant, n.UserId, dead, cancellationToken);

        switch (outcome.Result)
        {
            case SendResult.Sent:
                var now = time.GetUtcNow();
                telemetry.Sent(channel, n.Priority, sender.Provider, now - (n.ReleasedAt ?? n.AcceptedAt)); // a held one counts from its release
                events.Add(new StatusEvent(n.Id, n.Tenant, StatusKind.Sent, now)
                {
                    Channel = channel, Attempt = attempt, Provider = sender.Provider, ProviderMessageId = outcome.ProviderMessageId, Routing = n.Routing,
                });
                return new ChannelAttemptOutcome(AttemptResult.Sent);
            case SendResult.Transient:
                telemetry.Failed(channel, n.Priority, sender.Provider, transient: true);
                return Wait(n, channel, attempt, sender.Provider, retry.DelayAfter(attempt, n.Priority, channel, outcome.RetryAfter), outcome.Error, events);
            default:
                telemetry.Failed(channel, n.Priority, sender.Provider, transient: false);
                return Failed(n, channel, attempt, sender.Provider, outcome.Error, events);
        }
    }

    private ChannelAttemptOutcome Wait(NotificationEnvelope n, Channel channel, int attempt, string provider, TimeSpan delay, string? error, List<StatusEvent> events)
    {
        var now = time.GetUtcNow();
        events.Add(new StatusEvent(n.Id, n.Tenant, StatusKind.Retrying, now)
        {
            Channel = channel, Attempt = attempt, Provider = provider, Error = error, RetryAt = now + delay, Routing = n.Routing,
        });
        return new ChannelAttemptOutcome(AttemptResult.Wait, delay, error);
    }

    private ChannelAttemptOutcome Failed(NotificationEnvelope n, Channel channel, int attempt, string? provider, string? error, List<StatusEvent> events)
    {
        events.Add(new StatusEvent(n.Id, n.Tenant, StatusKind.Failed, time.GetUtcNow())
        {
            Channel = channel, Attempt = attempt, Provider = provider, Error = error, Routing = n.Routing,
        });
        return new ChannelAttemptOutcome(AttemptResult.Failed, Error: error);
    }
}
