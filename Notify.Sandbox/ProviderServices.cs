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
    /// <summary>Records <paramref name="message"/> in <paramref name="scope"/> and counts the call as accepted or duplicate.</summary>
    public Acceptance Accept(ProviderCall call, SandboxMessage message, string scope)
    {
        Acceptance acceptance = Messages.Accept(message, scope);
        Stats.Record(call, acceptance.IsDuplicate ? CallOutcome.Duplicate : CallOutcome.Accepted);
        return acceptance;
    }

    /// <summary>Counts the call as rejected and passes <paramref name="answer"/> on.</summary>
    public TAnswer Reject<TAnswer>(ProviderCall call, TAnswer answer)
    {
        Stats.Record(call, CallOutcome.Rejected);
        return answer;
    }
}
