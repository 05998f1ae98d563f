using Notify.Core.Notifications;

namespace Notify.Dispatcher.Retry;

/// <summary>
/// When to try a failed delivery again. The delay comes from JetStream's delivery count, so it survives a dispatcher
/// restart; it is sent as <c>-NAK {"delay":ns}</c> (the consumers have no <c>backoff</c> list).
/// </summary>
public sealed class RetryPolicy(RetryOptions options)
{
    /// <summary>The delay before attempt <paramref name="failedAttempt"/> + 1, never shorter than the provider's Retry-After.</summary>
    public TimeSpan DelayAfter(int failedAttempt, Priority priority, Channel? channel, TimeSpan? retryAfter = null)
    {
        var backoff = channel is { } c && options.Channels.TryGetValue(c, out var perChannel)
            ? perChannel
            : options.Priorities.GetValueOrDefault(priority) ?? new Backoff();
        var exponent = Math.Clamp(failedAttempt - 1, 0, 30);
        var delay = Math.Min(backoff.Base.TotalMilliseconds * Math.Pow(2, exponent), backoff.Cap.TotalMilliseconds);
        delay *= 1 + backoff.Jitter * (Random.Shared.NextDouble() * 2 - 1);
        var result = TimeSpan.FromMilliseconds(Math.Max(delay, 1));
        if (retryAfter is { } wait && wait > result)
            result = wait;
        return result > options.MaxDelay ? options.MaxDelay : result;
    }
}
