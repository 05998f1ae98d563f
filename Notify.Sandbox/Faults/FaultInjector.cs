using Notify.Sandbox.Records;

namespace Notify.Sandbox.Faults;

/// <summary>Applies the fault matching a provider request: its latency, then its error, counting what it answered.</summary>
public sealed class FaultInjector(FaultRegistry faults, TrafficStats stats, TimeProvider time)
{
    /// <summary>
    /// Waits out the matching fault's latency and returns the error to answer instead of the stand-in's own work,
    /// or null to go on. A caller that gives up during the latency gets <see cref="InjectedFault.ClientClosedRequest"/>.
    /// </summary>
    public async ValueTask<InjectedFault?> InjectAsync(ProviderCall call, CancellationToken cancellationToken)
    {
        if (faults.Match(call) is not { } fault)
        {
            return null;
        }

        FaultRule rule = fault.Rule;
        if (rule.LatencyMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(rule.LatencyMs), time, cancellationToken)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (cancellationToken.IsCancellationRequested)
            {
                stats.Record(call, CallOutcome.Cancelled);
                return InjectedFault.ClientClosedRequest;
            }
        }

        if (!fault.Strikes())
        {
            return null;
        }

        stats.Record(call, CallOutcome.Faulted);
        TimeSpan? retryAfter = rule.RetryAfterSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
        return new InjectedFault(rule.Outage ? StatusCodes.Status503ServiceUnavailable : rule.StatusCode, retryAfter);
    }
}
