using Notify.Core.Notifications;

namespace Notify.Sandbox;

/// <summary>One request to a provider stand-in, as faults match it and statistics count it.</summary>
/// <param name="Channel">The stand-in called.</param>
/// <param name="UserId">The Notify user it is for (<c>X-Notify-User-Id</c>, or a webhook body's <c>userId</c>).</param>
/// <param name="To">The recipient: a phone number, a device token, a topic, or a webhook endpoint name.</param>
public sealed record ProviderCall(Channel Channel, string? UserId, string? To)
{
    /// <summary>The header Notify's senders add so the sandbox can file what it receives by user; real providers ignore it.</summary>
    public const string UserIdHeader = "X-Notify-User-Id";
}
