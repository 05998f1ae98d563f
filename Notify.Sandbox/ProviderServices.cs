using Microsoft.Extensions.Options;
using Notify.Sandbox.Faults;
using Notify.Sandbox.Records;

namespace Notify.Sandbox;

/// <summary>What every provider stand-in endpoint works with.</summary>
public sealed record ProviderServices(
    MessageStore Messages,
    TrafficStats Stats,
    FaultInjector Faults,
    TimeProvider Time,
    IOptions<SandboxOptions> Options)
{
    /// <summary>
    /// Records <paramref name="message"/> in <paramref name="scope"/> and counts the call: accepted (a repeated key
    /// delivered again counts as a duplicate too), or, deduplicated, only as a duplicate.
    /// </summary>
    public Acceptance Accept(ProviderCall call, SandboxMessage message, string scope, KeyHandling handling)
    {
        Acceptance acceptance = Messages.Accept(message, scope, handling);
        Stats.Record(call, acceptance.Recorded ? CallOutcome.Accepted : CallOutcome.Duplicate, acceptance.RepeatedKey);
        return acceptance;
    }

    /// <summary>Counts the call as rejected and passes <paramref name="answer"/> on.</summary>
    public TAnswer Reject<TAnswer>(ProviderCall call, TAnswer answer)
    {
        Stats.Record(call, CallOutcome.Rejected);
        return answer;
    }
}
