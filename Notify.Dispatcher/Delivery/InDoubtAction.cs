namespace Notify.Dispatcher.Delivery;

/// <summary>
/// What a redelivery does with a channel in doubt: an earlier attempt started a send whose outcome nobody recorded (the
/// replica died, or its delivery outlived the ack wait), so the provider may or may not have taken it
/// (<see cref="DispatcherOptions.InDoubt"/>, per priority).
/// </summary>
public enum InDoubtAction
{
    /// <summary>Send again: the user may get it twice, but gets it (at least once).</summary>
    Resend,

    /// <summary>Do not send again: the channel ends <c>skipped</c> with reason <c>in_doubt</c> (at most once).</summary>
    Skip,
}
