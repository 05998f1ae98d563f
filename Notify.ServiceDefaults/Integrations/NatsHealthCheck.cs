using Microsoft.Extensions.Diagnostics.HealthChecks;
using NATS.Client.Core;

namespace Notify.ServiceDefaults.Integrations;

/// <summary>Healthy when the connection is open and the server answers a PING within <see cref="PingTimeout"/>.</summary>
internal sealed class NatsHealthCheck(NatsConnection connection) : IHealthCheck
{
    public static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // A PING on a connection that is not open would wait for the reconnect: report the state instead.
        if (connection.ConnectionState != NatsConnectionState.Open)
            return new HealthCheckResult(context.Registration.FailureStatus, $"The connection is {connection.ConnectionState}.");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PingTimeout);
        try
        {
            TimeSpan roundTrip = await connection.PingAsync(timeout.Token);
            return HealthCheckResult.Healthy($"PONG in {roundTrip.TotalMilliseconds:0.#} ms");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus,
                $"No PONG within {PingTimeout.TotalSeconds:0.#} s; the connection is {connection.ConnectionState}.");
        }
        catch (NatsException exception)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, exception.Message, exception);
        }
    }
}
