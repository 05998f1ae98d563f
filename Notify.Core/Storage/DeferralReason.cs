namespace Notify.Core.Storage;

/// <summary>Why a notification waits in the deferral schedule.</summary>
public enum DeferralReason
{
    /// <summary>The client asked for a later time (<c>sendAt</c>).</summary>
    Scheduled,
    /// <summary>The user's quiet hours: non-critical notifications wait for their end.</summary>
    QuietHours,
    /// <summary>Updates sharing a collapse key wait together for the end of the batching window.</summary>
    Batching,
}

/// <summary>Wire names of <see cref="DeferralReason"/> (<c>scheduled</c>, <c>quiet_hours</c>, <c>batching</c>).</summary>
public static class DeferralReasons
{
    /// <summary>The wire name.</summary>
    public static string ToWire(this DeferralReason reason) => reason switch
    {
        DeferralReason.QuietHours => "quiet_hours",
        DeferralReason.Batching => "batching",
        _ => "scheduled",
    };
}
