using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Notify.Core.Redis;

namespace Notify.ServiceDefaults.Integrations;

/// <summary>
/// Healthy when Redis answers <c>PING</c> within <paramref name="timeout"/>. While the connection is down it says
/// why at once (refused, unreachable, wrong password) instead of waiting out the timeout.
/// </summary>
internal sealed class RedisHealthCheck(RedisConnection redis, TimeSpan timeout) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            if (!redis.IsConnected)
            {
                // The connection opens lazily: this starts it, or waits for its first attempt if it is under way.
                await redis.ConnectAsync(deadline.Token).ConfigureAwait(false);
                if (redis.ConnectionError is { } error)
                {
                    return new HealthCheckResult(context.Registration.FailureStatus, $"Redis is not connected: {error.Message}", error);
                }
            }

            TimeSpan roundTrip = await redis.PingAsync(deadline.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"PING answered in {roundTrip.TotalMilliseconds:0.#} ms"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, string.Create(CultureInfo.InvariantCulture,
                $"Redis did not answer PING within {timeout.TotalMilliseconds:0} ms ({(redis.IsConnected ? "connected" : "not connected")})"));
        }
        catch (RedisException ex)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, ex.Message, ex);
        }
    }
}
